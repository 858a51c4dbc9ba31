using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Web.Editing;
using Microsoft.AspNetCore.Components;

namespace Decisioner.Web.Components.Pages.Editor;

/// <summary>
/// The editing page's work: open the editor's draft or the file, and on each press keep the text as a draft first,
/// then preview, check, publish, start again or throw the draft away.
/// </summary>
public sealed partial class EditFilePage
{
    private string? _path;
    private Decisioner.Web.Editing.Editor? _editor;
    private string _text = "";
    private string? _baseHash;
    private string? _baseText;
    private bool _exists;
    private Guid? _draftId;
    private bool _isGuide;
    private bool _isQuiz;
    private bool _addToChanges;
    private string? _status;
    private DraftPreview? _preview;
    private QuizImpact? _impact;
    private PublishOutcome? _outcome;
    private (bool Ok, string Text)? _notice;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "file")]
    private string? File { get; set; }

    [SupplyParameterFromQuery(Name = "done")]
    private string? Done { get; set; }

    [SupplyParameterFromForm(FormName = "edit")]
    private EditInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // The form names its file too; the address decides, and a post for another file is refused below.
        if (!EditablePath.TryParse(File, out _path))
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        _editor = await EditorAccounts.CurrentAsync(HttpContext.User);
        if (_editor is null)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var kind = EditablePath.KindOf(_path);
        _isGuide = kind == EditableKind.Guide;
        _isQuiz = kind is EditableKind.Quiz or EditableKind.Personas;
        _notice = Done switch
        {
            "published" => (true, "Published. The site is serving it now."),
            "discarded" => (true, "Your draft is gone; this is the file as it is on the server."),
            _ => null,
        };

        var opened = await Drafts.OpenAsync(_editor, _path, HttpContext.RequestAborted);
        _text = opened.Text;
        _baseHash = opened.BaseHash;
        _baseText = opened.BaseText;
        _exists = opened.Exists;
        _draftId = opened.Draft?.Id;
        _status = opened.Draft is { } d ? $"Draft saved {Ago(d.UpdatedAt)}." : "";
        if (!HttpMethods.IsPost(HttpContext.Request.Method))
        {
            Refresh(Drafts.ReadDisk(_path));
        }
    }

    private async Task SubmitAsync()
    {
        if (_path is null || _editor is null || Input is null)
        {
            return;
        }

        try
        {
            await HandleAsync(_path, _editor, Input);
        }
        catch (Exception ex) when (Decisioner.Web.Data.DatabaseFault.Is(ex))
        {
            // Nothing is lost: the text stays in the box, and the file was not touched.
            _text = Normalise(Input.Text);
            _notice = (false, "Your text could not be saved, because the database did not answer. It is still in the box below: try again in a moment.");
            Refresh(Drafts.ReadDisk(_path));
        }
    }

    private async Task HandleAsync(string path, Decisioner.Web.Editing.Editor editor, EditInput input)
    {
        if (input.File != path)
        {
            _notice = (false, "This form was for another file. Nothing was saved.");
            Refresh(Drafts.ReadDisk(path));
            return;
        }

        var cancel = HttpContext.RequestAborted;
        var text = Normalise(input.Text);
        if (text.Length > EditingLimits.Text)
        {
            _notice = (false, $"The text is longer than {EditingLimits.Text:N0} characters and was not saved.");
            _text = text;
            Refresh(Drafts.ReadDisk(path));
            return;
        }

        if (input.Action == "discard")
        {
            await Drafts.DiscardAsync(editor, path, cancel);
            Navigation.NavigateTo(EditorLinks.Edit(path) + "&done=discarded");
            return;
        }

        var disk = Drafts.ReadDisk(path);
        if (input.Action == "reload")
        {
            // Start again from the file as it is now: the draft takes the file's text and its new base.
            await Drafts.DiscardAsync(editor, path, cancel);
            Navigation.NavigateTo(EditorLinks.Edit(path));
            return;
        }

        // Whatever was pressed, the text is kept first: nothing typed is lost to a refusal or a conflict.
        var baseHash = string.IsNullOrEmpty(input.BaseHash) ? null : input.BaseHash;
        var draft = await Drafts.SaveAsync(editor, path, text, baseHash, baseHash == Hash(disk) ? disk : _baseText, cancel);
        _draftId = draft.Id;
        _text = text;
        _baseHash = draft.BaseHash;
        _baseText = draft.BaseText;
        _status = $"Draft saved {Ago(draft.UpdatedAt)}.";

        switch (input.Action)
        {
            case "publish" or "publish-anyway" or "overwrite":
                // "Publish mine over the file" is the editor's choice after seeing the three texts: its base becomes the file as it is now.
                var publishBase = input.Action == "overwrite" ? Hash(disk) : _baseHash;
                _outcome = await Publisher.PublishAsync(editor, new PublishRequest(
                    path, text, publishBase, _baseText, input.Note, _isGuide && input.AddToChanges,
                    ConfirmChanges: input.Action is "publish-anyway" or "overwrite"), cancel);
                if (_outcome is Published)
                {
                    Navigation.NavigateTo(EditorLinks.Edit(path) + "&done=published");
                    return;
                }

                _notice = _outcome switch
                {
                    Refused r => (false, r.Reason),
                    NeedsConfirmation => (false, "Not published yet: this changes what the quiz recommends. Look at the changes below, then press “Publish anyway” if you mean them."),
                    Conflict => (false, "Not published: the file changed since you opened it."),
                    _ => null,
                };
                if (_outcome is Conflict)
                {
                    // Shown against the file as it is now, so "Publish mine over the file" means exactly that.
                    _baseHash = Hash(disk);
                }

                break;
            case "check":
                _notice = null;
                break;
            default:
                _notice = (true, "Draft saved.");
                break;
        }

        Refresh(disk);
        if (_isQuiz && input.Action is "check" or "publish" or "publish-anyway" && _preview is { } preview)
        {
            _impact = await Check.ImpactAsync(preview);
        }
    }

    private void Refresh(string? disk)
    {
        _preview = Check.Preview(_path!, _text);
        _addToChanges = Input?.Action is null ? !TextChanges.IsSmall(disk, _text) : Input.AddToChanges;
    }

    private static string? Hash(string? text) => text is null ? null : TextHash.Of(text);

    /// <summary>Browsers post a textarea's line breaks as CRLF; content files are written with LF.</summary>
    private static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Ago(DateTime at) => "at " + at.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private sealed class EditInput
    {
        public string? File { get; set; }

        public string? Text { get; set; }

        public string? BaseHash { get; set; }

        public string? Note { get; set; }

        public bool AddToChanges { get; set; }

        public string? Action { get; set; }
    }
}
