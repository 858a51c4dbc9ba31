using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Decisioner.Web.Security;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Editing;

/// <summary>The image settings of the configuration section <c>Editor</c>.</summary>
public sealed class MediaOptions
{
    public const string Section = "Editor";

    /// <summary>The largest image an editor may upload, in bytes (2 MB by default).</summary>
    [Range(1024, 50 * 1024 * 1024, ErrorMessage = "Editor:MaxImageBytes must be between {1} and {2} bytes.")]
    public int MaxImageBytes { get; set; } = 2 * 1024 * 1024;
}

/// <summary>What an accepted upload answers: the markdown to paste, where the image is, and its size in pixels.</summary>
public sealed record MediaUploaded(string Markdown, string Path, int Width, int Height);

/// <summary>
/// Image upload for editors: <c>POST /editor/api/media</c>, a multipart form with the image in the field
/// <c>file</c> and, optionally, its alt text in <c>alt</c>. The image goes into the content folder's
/// <c>media/</c>, which the site serves at <c>/media</c>.
/// </summary>
public static partial class MediaEndpoints
{
    public const string UploadPath = "/editor/api/media";

    /// <summary>Room in the request for the form around the image: its boundaries, part headers, the alt text and the token.</summary>
    public const int FormOverheadBytes = 16 * 1024;

    public static IServiceCollection AddMediaUpload(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediaFolder>();
        return services;
    }

    /// <summary>
    /// Serves <c>media/</c> at <c>/media</c>. The folder is made here if it is missing, so images uploaded
    /// into a site that had none are served too. Files whose names start with a dot (an upload being
    /// written) are never served.
    /// </summary>
    public static IApplicationBuilder UseMediaFiles(this IApplicationBuilder app)
    {
        var folder = app.ApplicationServices.GetRequiredService<MediaFolder>();
        try
        {
            folder.Create();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNoMediaFolder(app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MediaEndpoints)), folder.Root, ex.Message);
            return app;
        }

        return app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder.Root), RequestPath = "/media" });
    }

    /// <summary>The upload endpoint, in a group so the staff-area rule can be put on it.</summary>
    public static RouteGroupBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        var maxImageBytes = app.ServiceProvider.GetRequiredService<IOptions<MediaOptions>>().Value.MaxImageBytes;
        var endpoints = app.MapGroup("");
        endpoints.MapPost(UploadPath, UploadAsync)
            // The server stops reading a body longer than this, whether or not it announced its length.
            .WithMetadata(new RequestSizeLimitAttribute(maxImageBytes + FormOverheadBytes))
            // A refusal is answered as it is (401/403), not re-run as the not-found page.
            .WithMetadata(new RequireAntiforgeryTokenAttribute(), new SkipStatusCodePagesAttribute())
            .RequireAuthorization(StaffRoles.EditorPolicy);
        return endpoints;
    }

    private static async Task<Results<Created<MediaUploaded>, Ok<MediaUploaded>, ProblemHttpResult>> UploadAsync(HttpContext http, MediaFolder folder, AuditTrail audit, IOptions<MediaOptions> options, ILogger<MediaFolder> logger)
    {
        var max = options.Value.MaxImageBytes;
        var (form, problem) = await PostedForm.ReadAsync(http, new FormRefusals(
            BadToken: "The form's antiforgery token is missing or out of date. Reload the editor page and upload again.",
            NotAForm: "The request is not a readable multipart form. Send the image as multipart/form-data, in a field named 'file'.",
            TooLarge: TooLargeDetail(max)));
        if (form is null)
        {
            return problem!;
        }

        var files = form.Files.GetFiles("file");
        if (files.Count != 1)
        {
            return Refused(StatusCodes.Status400BadRequest, "No image", files.Count == 0
                ? "Send the image in a form field named 'file'."
                : "Send one image at a time.");
        }

        var upload = files[0];
        if (upload.Length > max)
        {
            return TooLarge(max);
        }

        var data = new byte[upload.Length];
        await using (var stream = upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(data, http.RequestAborted);
        }

        if (ImageFormat.Inspect(data, out var reason) is not { } image)
        {
            return Refused(StatusCodes.Status400BadRequest, "Not an image this site accepts", reason);
        }

        var stem = MediaUpload.SafeStem(upload.FileName);
        SavedImage saved;
        try
        {
            saved = folder.Save(data, stem, image);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(logger, folder.Root, ex.Message);
            return Refused(StatusCodes.Status503ServiceUnavailable, "Image not saved",
                "The site cannot write to its media folder just now. Nothing was saved; try again, and tell the site's administrator if it goes on.");
        }

        audit.Record(AuditEvents.MediaUploaded, http.User.Identity?.Name, saved.FileName,
            string.Create(CultureInfo.InvariantCulture, $"{data.Length} bytes, {image.Name} {image.Width}×{image.Height}{(saved.AlreadyThere ? ", same as the file already there" : "")}"), http);
        var alt = MediaUpload.AltText(form["alt"], stem);
        var answer = new MediaUploaded($"![{alt}]({saved.Path})", saved.Path, image.Width, image.Height);
        return saved.AlreadyThere ? TypedResults.Ok(answer) : TypedResults.Created(saved.Path, answer);
    }

    private static ProblemHttpResult TooLarge(int max) => Refused(StatusCodes.Status413PayloadTooLarge, "Image too large", TooLargeDetail(max));

    private static string TooLargeDetail(int max) =>
        string.Create(CultureInfo.InvariantCulture, $"An image may be at most {max:N0} bytes ({max / (1024.0 * 1024):0.#} MB). Make it smaller and upload again.");

    private static ProblemHttpResult Refused(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The media folder {Folder} cannot be made ({Problem}); images are not served at /media and uploads fail until it can.")]
    private static partial void LogNoMediaFolder(ILogger logger, string folder, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An image upload could not be written to {Folder}: {Problem}")]
    private static partial void LogSaveFailed(ILogger logger, string folder, string problem);
}
