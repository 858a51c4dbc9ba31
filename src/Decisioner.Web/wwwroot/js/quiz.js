// Decisioner: keyboard for the quiz, copy-link and print on results.
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

    // The quiz page keeps its state in the address without a page load.
    window.decisioner = {
        replaceUrl: (url) => history.replaceState(history.state, '', url),
    };
})();
