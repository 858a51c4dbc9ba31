// Decisioner: the editing page as the editor types. Acts only on a form marked data-editor. Every button of that
// form still posts it, so without this file the page works the same, one press at a time. With it:
// - the right-hand side (problems with line and column, the page as readers see it) refreshes 100 ms after the
//   last keystroke, from data-preview; for a quiz or persona file the quiz check follows a second later, from data-impact;
// - the draft is saved 2 seconds after the last keystroke, to data-draft;
// - a problem's file:line:col puts the cursor on that line and column.
// Loaded on every page and listening on the document, so it works however the page was reached.
(() => {
    const PREVIEW_DELAY = 100;
    const IMPACT_DELAY = 1000;
    const SAVE_DELAY = 2000;
    const timers = new WeakMap();
    const inFlight = new WeakMap();

    const editorForm = (element) => element?.closest?.('form[data-editor]');
    const textOf = (form) => form.querySelector('textarea[name="Input.Text"]');
    const statusOf = (form) => form.querySelector('#draft-status');

    function fields(form) {
        const data = new FormData();
        data.append('file', form.querySelector('[name="Input.File"]').value);
        data.append('text', textOf(form).value);
        data.append('baseHash', form.querySelector('[name="Input.BaseHash"]').value);
        const token = form.querySelector('input[name="__RequestVerificationToken"]');
        if (token) data.append(token.name, token.value);
        return data;
    }

    async function post(form, url, kind) {
        inFlight.get(form)?.[kind]?.abort();
        const controller = new AbortController();
        inFlight.set(form, { ...(inFlight.get(form) || {}), [kind]: controller });
        const response = await fetch(url, {
            method: 'POST',
            body: fields(form),
            credentials: 'same-origin',
            signal: controller.signal,
        });
        if (!response.ok) {
            let detail = '';
            try { detail = (await response.json()).detail || ''; } catch { }
            if (!detail && (response.status === 401 || response.status === 403)) {
                detail = 'You are no longer signed in as an editor. Copy your text somewhere safe, sign in again, then reload.';
            }
            throw new Error(detail || `The site refused the request (status ${response.status}).`);
        }
        return response;
    }

    function say(form, text) {
        const status = statusOf(form);
        if (status) status.textContent = text;
    }

    // Replaces the right-hand side with the server's rendering of the same component the page shows.
    async function refresh(form, url, kind, typedAt) {
        try {
            const response = await post(form, url, kind);
            const html = await response.text();
            const report = form.querySelector('#draft-report');
            report.innerHTML = html;
            report.dataset.latencyMs = String(Math.round(performance.now() - typedAt));
            report.dataset.kind = kind;
            report.dataset.refreshes = String((parseInt(report.dataset.refreshes, 10) || 0) + 1);
            const small = report.querySelector('[data-small-change]');
            const box = form.querySelector('input[data-small-change-default]');
            if (small && box && !box.dataset.touched) box.checked = small.dataset.smallChange !== 'true';
            report.dispatchEvent(new CustomEvent('draft-report', { bubbles: true, detail: { kind } }));
        } catch (error) {
            if (error.name !== 'AbortError') say(form, error.message);
        }
    }

    async function save(form) {
        try {
            const response = await post(form, form.dataset.draft, 'draft');
            const saved = await response.json();
            const at = new Date(saved.savedAt);
            say(form, `Draft saved at ${at.toISOString().substring(11, 19)} UTC.`);
            const line = document.querySelector('.draft-line');
            if (line && !line.querySelector('a')) {
                line.textContent = 'Your draft is kept until you publish or throw it away. Another editor can read it at ';
                const link = document.createElement('a');
                link.href = saved.previewUrl;
                link.textContent = 'its preview link';
                line.append(link, '.');
            }
        } catch (error) {
            if (error.name !== 'AbortError') say(form, 'Not saved: ' + error.message);
        }
    }

    function schedule(form, kind, delay, action) {
        const pending = timers.get(form) || {};
        clearTimeout(pending[kind]);
        pending[kind] = setTimeout(action, delay);
        timers.set(form, pending);
    }

    document.addEventListener('input', (event) => {
        const form = editorForm(event.target);
        if (!form) return;
        if (event.target.matches('input[data-small-change-default]')) {
            event.target.dataset.touched = 'true';
            return;
        }
        if (event.target !== textOf(form)) return;
        const typedAt = performance.now();
        say(form, 'Changed; not saved yet.');
        schedule(form, 'preview', PREVIEW_DELAY, () => refresh(form, form.dataset.preview, 'preview', typedAt));
        if (form.dataset.impact) {
            schedule(form, 'impact', IMPACT_DELAY, () => refresh(form, form.dataset.impact, 'impact', typedAt));
        }
        schedule(form, 'save', SAVE_DELAY, () => save(form));
    });

    // An image: sent to the media endpoint; the markdown it answers with goes where the cursor was.
    async function upload(form, button) {
        const box = button.closest('[data-media-upload]');
        const file = box.querySelector('input[type=file]').files[0];
        if (!file) {
            say(form, 'Choose an image first.');
            return;
        }
        const data = new FormData();
        data.append('file', file);
        data.append('alt', box.querySelector('#media-alt').value);
        const token = form.querySelector('input[name="__RequestVerificationToken"]');
        if (token) data.append(token.name, token.value);
        say(form, 'Uploading the image…');
        let response;
        try {
            response = await fetch(box.dataset.mediaUpload, { method: 'POST', body: data, credentials: 'same-origin' });
        } catch {
            say(form, 'The site could not be reached; the image was not uploaded.');
            return;
        }
        let body = {};
        try { body = await response.json(); } catch { }
        if (!response.ok) {
            say(form, 'Not uploaded: ' + (body.detail || `the site refused it (status ${response.status}).`));
            return;
        }
        const text = textOf(form);
        const at = text.selectionStart ?? text.value.length;
        text.setRangeText('\n' + body.markdown + '\n', at, text.selectionEnd ?? at, 'end');
        text.dispatchEvent(new Event('input', { bubbles: true }));
        text.focus();
        say(form, `Image uploaded as ${body.path} and inserted.`);
    }

    // "Preview" and "Check the quiz" need no page load with script on.
    document.addEventListener('click', (event) => {
        const send = event.target.closest?.('button[data-media-send]');
        if (send && editorForm(send)) {
            event.preventDefault();
            upload(editorForm(send), send);
            return;
        }

        const button = event.target.closest?.('button[data-action]');
        const form = editorForm(button);
        if (form) {
            event.preventDefault();
            const url = button.dataset.action === 'check' ? form.dataset.impact : form.dataset.preview;
            refresh(form, url, button.dataset.action === 'check' ? 'impact' : 'preview', performance.now());
            return;
        }

        // A problem's place: the cursor goes to that line and column of the text.
        const place = event.target.closest?.('a[data-line]');
        const placeForm = editorForm(place);
        if (!placeForm) return;
        event.preventDefault();
        const text = textOf(placeForm);
        const lines = text.value.split('\n');
        const line = Math.min(Math.max(parseInt(place.dataset.line, 10) || 1, 1), lines.length);
        let offset = 0;
        for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
        offset += Math.min(Math.max((parseInt(place.dataset.column, 10) || 1) - 1, 0), lines[line - 1].length);
        text.focus();
        text.setSelectionRange(offset, offset);
        // Scroll the line into view: the textarea's line height times the lines above it.
        const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
        text.scrollTop = Math.max(0, (line - 3) * lineHeight);
    });
})();
