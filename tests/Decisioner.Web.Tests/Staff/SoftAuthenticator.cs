using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Decisioner.Web.Tests.Staff;

/// <summary>
/// A passkey device in software, for tests without a browser: one P-256 key (ES256), attestation "none",
/// user present and verified. It answers the site's real options with what a browser would post
/// (WebAuthn Level 3, the JSON of a <c>PublicKeyCredential</c>), so Identity checks a real signature over
/// the real challenge, origin and relying-party id. Chromium's own virtual authenticator is used in the
/// browser tests.
/// </summary>
internal sealed class SoftAuthenticator(string origin = "https://localhost") : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _signCount;
    private string? _userHandle;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>Answers creation options (from <c>navigator.credentials.create</c>'s point of view).</summary>
    public string Create(string optionsJson)
    {
        using var options = JsonDocument.Parse(optionsJson);
        var rpId = options.RootElement.GetProperty("rp").GetProperty("id").GetString()!;
        _userHandle = options.RootElement.GetProperty("user").GetProperty("id").GetString();
        var clientData = ClientData("webauthn.create", options.RootElement.GetProperty("challenge").GetString()!);

        var key = _key.ExportParameters(includePrivateParameters: false);
        byte[] cose = [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, .. key.Q.X!, 0x22, 0x58, 0x20, .. key.Q.Y!];
        byte[] authData =
        [
            .. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)),
            0x45, // user present, user verified, attested credential data
            0, 0, 0, 0,
            .. new byte[16], // AAGUID
            (byte)(CredentialId.Length >> 8), (byte)CredentialId.Length, .. CredentialId,
            .. cose,
        ];
        // CBOR {"fmt": "none", "attStmt": {}, "authData": bytes}
        byte[] attestationObject =
        [
            0xA3, 0x63, .. "fmt"u8, 0x64, .. "none"u8, 0x67, .. "attStmt"u8, 0xA0,
            0x68, .. "authData"u8, 0x58, (byte)authData.Length, .. authData, // fewer than 256 bytes
        ];

        return JsonSerializer.Serialize(new
        {
            id = Base64Url.EncodeToString(CredentialId),
            rawId = Base64Url.EncodeToString(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                attestationObject = Base64Url.EncodeToString(attestationObject),
                transports = new[] { "internal" },
            },
        });
    }

    /// <summary>Answers request options (<c>navigator.credentials.get</c>), signing with this device's key.</summary>
    public string Get(string optionsJson)
    {
        using var options = JsonDocument.Parse(optionsJson);
        var rpId = options.RootElement.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.RootElement.GetProperty("challenge").GetString()!);

        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, ++_signCount);
        byte[] authData = [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), 0x05, .. count];
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        return JsonSerializer.Serialize(new
        {
            id = Base64Url.EncodeToString(CredentialId),
            rawId = Base64Url.EncodeToString(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                authenticatorData = Base64Url.EncodeToString(authData),
                signature = Base64Url.EncodeToString(signature),
                userHandle = _userHandle ?? Base64Url.EncodeToString("someone-else"u8),
            },
        });
    }

    private byte[] ClientData(string type, string challenge) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin, crossOrigin = false });

    public void Dispose() => _key.Dispose();
}
