// Decisioner: keyboard for the quiz; copy-link, print and the what-if panel on results.
// Progressive enhancement only: every page works without this file.
(() => {
    // Enter goes on from anywhere on the page; links and buttons keep their own Enter. Number keys
    // pressed inside the question are handled by the page itself; from elsewhere (focus on the page
    // body after it loads, say) they are passed on as a click on that option.
    document.addEventListener('keydown', (e) => {
        const form = document.querySelector('form.quiz-form');
        if (!form || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
        const target = e.target instanceof Element ? e.target : null;
        if (target && target.closest('textarea, select, [contenteditable], input:not([type=radio])')) return;

        if (/^[1-9]$/.test(e.key) && !(target && form.contains(target))) {
            const radio = form.querySelectorAll('input[type=radio]')[Number(e.key) - 1];
            if (radio) {
                e.preventDefault();
                radio.focus();
                if (!radio.checked) radio.click();
            }
        } else if (e.key === 'Enter' && !e.shiftKey) {
            if (target && target.closest('a, button, summary')) return;
            e.preventDefault();
            form.requestSubmit();
        }
    });

    document.addEventListener('click', async (e) => {
        const target = e.target instanceof Element ? e.target : null;
        const copy = target && target.closest('[data-copy-link]');
        if (copy) {
            const url = new URL(copy.getAttribute('data-copy-link'), location.href).href;
            const status = document.getElementById(copy.getAttribute('aria-describedby') || '');
            let copied = false;
            try {
                await navigator.clipboard.writeText(url);
                copied = true;
            } catch {
                const field = document.querySelector('[data-share-url]');
                if (field) {
                    field.select();
                    copied = document.execCommand('copy');
                }
            }
            if (status) status.textContent = copied ? 'Link copied.' : 'Copy the link from the box above.';
            return;
        }

        if (target && target.closest('[data-print]')) window.print();
    });

    // What-if panel: when an answer changes, ask the recommendation API and show the outcome with a
    // link to open it. Only the latest change counts; a failure leaves the form's own button to use.
    let latest = 0;
    document.addEventListener('change', async (e) => {
        const select = e.target instanceof HTMLSelectElement ? e.target : null;
        const panel = select && select.closest('.what-if[data-questionnaire]');
        if (!panel) return;
        const form = panel.querySelector('form');
        const status = panel.querySelector('.what-if-outcome');
        const submit = form.querySelector('button[type=submit]');
        const answers = {};
        for (const field of form.querySelectorAll('select')) {
            if (field.value) answers[field.name] = field.value;
        }

        const request = ++latest;
        let result;
        try {
            const response = await fetch(`/api/questionnaires/${encodeURIComponent(panel.dataset.questionnaire)}/recommendation`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ answers }),
            });
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            result = await response.json();
        } catch {
            if (request !== latest) return;
            panel.querySelector('a[data-what-if-link]')?.remove();
            submit.hidden = false;
            status.textContent = 'The outcome could not be worked out here; use the button below to open it.';
            return;
        }
        if (request !== latest) return;

        let titles = {};
        try { titles = JSON.parse(panel.dataset.titles || '{}'); } catch { /* ids are shown instead */ }
        const title = (id) => titles[id] || id;
        const headline = document.createElement('strong');
        headline.textContent = result.headline || title(result.outcome);
        const scores = Object.keys(result.scores).map((id) => `${title(id)} ${result.scores[id]}`).join(' · ');
        status.replaceChildren('With these answers: ', headline, ` (${scores})`);

        let link = panel.querySelector('a[data-what-if-link]');
        if (!link) {
            link = document.createElement('a');
            link.className = 'button primary';
            link.dataset.whatIfLink = '';
            link.textContent = 'Open this result';
            submit.before(link);
        }
        // The API's link carries the answers; the form's hidden fields (presenter mode) are the page's own.
        const url = new URL(result.resultUrl, location.href);
        for (const field of form.querySelectorAll('input[type=hidden]')) url.searchParams.set(field.name, field.value);
        link.href = url.pathname + url.search;
        submit.hidden = true;
    });

    // The quiz page keeps its state in the address without a page load.
    window.decisioner = {
        replaceUrl: (url) => history.replaceState(history.state, '', url),
    };
})();
