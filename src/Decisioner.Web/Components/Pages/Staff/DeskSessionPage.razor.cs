using Decisioner.Web.Components.Desk;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Decisioner.Web.Mail;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Components.Pages.Staff;

/// <summary>
/// The desk session page's work: load the session (audited as viewed when it holds personal data), and
/// make what its forms post. A change made redirects to this page with a <see cref="DeskNotices"/> flag
/// (post, redirect, get), so reloading the page shows it again instead of making the change twice; a
/// change refused shows the reason here, with what was typed kept in its form.
/// </summary>
public sealed partial class DeskSessionPage
{
    private DeskSession? _session;
    private DeskStaffNames _staff = DeskStaffNames.None;
    private IReadOnlyList<OutboundEmail> _sent = [];
    private (bool Ok, string Text)? _notice;

    [Parameter]
    public Guid Id { get; set; }

    [SupplyParameterFromQuery(Name = "ask")]
    private string? Ask { get; set; }

    /// <summary>Set by the redirect after a change made: a fixed flag, never anything typed.</summary>
    [SupplyParameterFromQuery(Name = "done")]
    private string? Done { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private DeskService Service { get; set; } = default!;

    [Inject]
    private DeskFollowUps FollowUps { get; set; } = default!;

    [Inject]
    private DeskErasure Erasure { get; set; } = default!;

    [Inject]
    private DeskSending Sending { get; set; } = default!;

    [Inject]
    private SiteDbContext Db { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ContentStore Content { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private UserManager<IdentityUser> Users { get; set; } = default!;

    [Inject]
    private IOptions<DeskOptions> Options { get; set; } = default!;

    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    private string? Actor => HttpContext.User.Identity?.Name;

    private string? UserId => Users.GetUserId(HttpContext.User);

    protected override async Task OnInitializedAsync()
    {
        _staff = await DeskStaffNames.LoadAsync(Db);
        _notice = DeskNotices.Text(Done) is { } text ? (true, text) : null;
        await LoadAsync(audit: !HttpMethods.IsPost(HttpContext.Request.Method));
    }

    private async Task LoadAsync(bool audit)
    {
        // One query after another on the request's DbContext; the sections only show what is read here.
        _session = await Service.GetAsync(Id);
        if (_session is not { } session)
        {
            return;
        }

        if (audit)
        {
            Service.RecordViewed(session, Actor);
        }

        _sent = await Sending.SentAsync(session.Id);
    }

    /// <summary>Post, then redirect: the browser gets this page anew, so a reload cannot post the change again.</summary>
    private void Made(string done) => Navigation.NavigateTo($"/staff/desk/{Id:D}?done={Uri.EscapeDataString(done)}");

    private async Task RefusedAsync(string problem, bool audit)
    {
        _notice = (false, problem);
        await LoadAsync(audit);
    }

    private async Task UpdateAsync(DeskFollowUpForm.UpdateInput input)
    {
        var result = await FollowUps.UpdateAsync(Id, input.Version, input.Status, input.FollowUpOn, UserId, Actor);
        if (result.Done is { } done)
        {
            Made(done);
            return;
        }

        // Reloaded, so the form shows the session as it is now (with its new version) to try again from.
        await RefusedAsync(result.Message, audit: true);
    }

    private async Task AddNoteAsync(string? text)
    {
        if (await FollowUps.AddNoteAsync(Id, text, UserId, Actor) is { } problem)
        {
            await RefusedAsync(problem, audit: true);
            return;
        }

        Made(DeskNotices.NoteAdded);
    }

    private async Task EraseAsync(string? confirm)
    {
        if (confirm != "yes")
        {
            _notice = (false, "Erasing needs the confirmation button.");
            return;
        }

        if (!await Erasure.EraseAsync(Id, Actor, "erased by staff"))
        {
            await RefusedAsync("There was nothing to erase: it may have been erased meanwhile.", audit: false);
            return;
        }

        Made(Options.Value.KeepAnonymousAnswersOnErase ? DeskNotices.ErasedAnswersKept : DeskNotices.ErasedWhole);
    }

    private async Task SendAsync(string? confirm)
    {
        var problem = confirm != "yes"
            ? "Sending needs the Send button."
            : await Sending.SendAsync(Id, new Uri($"{HttpContext.Request.Scheme}://{HttpContext.Request.Host}/"), UserId, Actor);
        if (problem is not null)
        {
            await RefusedAsync(problem, audit: false);
            return;
        }

        Made(DeskNotices.Sent);
    }

    private async Task RetryAsync(string? message)
    {
        if (!Guid.TryParse(message, out var id) || !await Sending.RetryAsync(Id, id, Actor))
        {
            await RefusedAsync("That message was sent or is being sent meanwhile, so it was not queued again.", audit: false);
            return;
        }

        Made(DeskNotices.Retried);
    }
}
