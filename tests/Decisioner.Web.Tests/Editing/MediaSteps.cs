using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Desk;

namespace Decisioner.Web.Tests.Editing;

/// <summary>An image upload sent as the editor's page or a script sends it, and its answer read.</summary>
internal static class MediaSteps
{
    public static async Task<string> TokenAsync(HttpClient client) => DeskSteps.TokenOf(await client.GetStringAsync("/staff"));

    /// <summary>Opens a staff page for its antiforgery token, then posts the image as the editor's page would.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, string? alt = null, string contentType = "application/octet-stream")
    {
        var parts = new List<(string, string?, byte[])> { ("__RequestVerificationToken", null, Encoding.UTF8.GetBytes(await TokenAsync(client))) };
        if (alt is not null)
        {
            parts.Add(("alt", null, Encoding.UTF8.GetBytes(alt)));
        }

        parts.Add(("file", fileName, bytes));
        return await client.PostAsync(MediaEndpoints.UploadPath, Multipart(contentType, [.. parts]));
    }

    public static ByteArrayContent Multipart(params (string Name, string? FileName, byte[] Data)[] parts) => Multipart("application/octet-stream", parts);

    /// <summary>
    /// A multipart body written byte for byte, so a file name reaches the server exactly as given (a NUL, raw
    /// UTF-8), as a browser sends it.
    /// </summary>
    public static ByteArrayContent Multipart(string fileType, params (string Name, string? FileName, byte[] Data)[] parts)
    {
        var boundary = "media-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, fileName, data) in parts)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            Write(fileName is null ? "\r\n" : $"; filename=\"{fileName}\"\r\nContent-Type: {fileType}\r\n");
            Write("\r\n");
            body.Write(data);
            Write("\r\n");
        }

        Write($"--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    public static async Task<MediaUploaded> AnswerOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("markdown", "path", "width", "height");
        return new MediaUploaded(root.GetProperty("markdown").GetString()!, root.GetProperty("path").GetString()!, root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32());
    }

    public static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetInt32().Should().Be((int)status);
        json.RootElement.GetProperty("detail").GetString().Should().Contain(detail);
    }
}
