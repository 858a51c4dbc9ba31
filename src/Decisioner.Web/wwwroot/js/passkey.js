// Decisioner: passkeys for staff. Adds one (the Passkeys page) and signs in with one (the sign-in page).
// Acts only on forms marked data-passkey="create" or "request". Without this file those forms are hidden
// (nojs.css) and the password form does the work. Loaded on every page and listening on the document, so
// it works however the page was reached, enhanced navigation included.
(() => {
    const supported = () =>
        !!navigator.credentials &&
        typeof window.PublicKeyCredential === 'function' &&
        typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
        typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

    /** A refusal from the site, whose words (problem details' detail) are shown as they are. */
    class Refusal extends Error { }

    // The form as it is (antiforgery token, and for adding, the name and password) goes to the options endpoint.
    async function askForOptions(form) {
        let response;
        try {
            response = await fetch(form.dataset.passkeyOptions, {
                method: 'POST',
                body: new FormData(form),
                credentials: 'same-origin',
                headers: { Accept: 'application/json' },
            });
        } catch {
            throw new Refusal('The site could not be reached. Check the connection and try again.');
        }
        if (response.ok) return await response.json();

        let detail = '';
        try {
            detail = (await response.json()).detail || '';
        } catch {
        }
        if (!detail && (response.status === 401 || response.status === 403)) {
            detail = 'You are no longer signed in. Sign in again, then try once more.';
        }
        throw new Refusal(detail || `The site refused the request (status ${response.status}). Reload the page and try again.`);
    }

    // Browsers write a credential as JSON themselves (toJSON); some password-manager extensions break that,
    // so the same fields are written by hand if it fails.
    function toJson(credential) {
        try {
            return JSON.stringify(credential);
        } catch (error) {
            if (error.name !== 'TypeError') throw error;
        }
        const base64url = (value) => {
            if (!value) return undefined;
            const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
            let text = '';
            for (const byte of bytes) text += String.fromCharCode(byte);
            return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        };
        const r = credential.response;
        return JSON.stringify({
            id: credential.id,
            rawId: base64url(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment,
            clientExtensionResults: credential.getClientExtensionResults(),
            response: {
                clientDataJSON: base64url(r.clientDataJSON),
                attestationObject: base64url(r.attestationObject),
                authenticatorData: base64url(r.authenticatorData ?? r.getAuthenticatorData?.()),
                transports: r.getTransports?.(),
                signature: base64url(r.signature),
                userHandle: base64url(r.userHandle),
            },
        });
    }

    function explain(error, adding) {
        if (error instanceof Refusal) return error.message;
        switch (error.name) {
            case 'NotAllowedError':
                return adding
                    ? 'No passkey was added: the request was cancelled or ran out of time.'
                    : 'No passkey was used: the request was cancelled or ran out of time. Try again, or sign in with your password.';
            case 'InvalidStateError':
                return 'This device already holds a passkey for your account. Use it to sign in, or add one on another device.';
            case 'SecurityError':
                return 'Passkeys work only at the site\'s own address, over HTTPS.';
            default:
                return adding
                    ? 'No passkey was added: the device could not make one. Try again.'
                    : 'The passkey could not be used. Try again, or sign in with your password.';
        }
    }

    function say(form, text) {
        const box = form.querySelector('[data-passkey-message]');
        if (!box) return;
        box.textContent = text;
        box.hidden = !text;
    }

    document.addEventListener('submit', async (event) => {
        const form = event.target instanceof HTMLFormElement ? event.target : null;
        const mode = form?.dataset.passkey;
        if (mode !== 'create' && mode !== 'request') return;
        event.preventDefault();
        if (form.getAttribute('aria-busy') === 'true') return;

        const adding = mode === 'create';
        if (!supported()) {
            say(form, 'This browser cannot use passkeys. Update it, or use your password.');
            return;
        }

        const button = form.querySelector('button[type=submit]');
        form.setAttribute('aria-busy', 'true');
        button.disabled = true;
        say(form, '');
        try {
            const options = await askForOptions(form);
            const credential = adding
                ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
                : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
            form.elements.namedItem('CredentialJson').value = toJson(credential);
            // The password was checked before the device was asked; it is not sent a second time.
            const password = form.elements.namedItem('Password');
            if (password) password.value = '';
            form.submit();
        } catch (error) {
            say(form, explain(error, adding));
            button.disabled = false;
            form.removeAttribute('aria-busy');
            button.focus();
        }
    });
})();
