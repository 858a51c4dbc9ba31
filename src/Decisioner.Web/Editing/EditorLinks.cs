namespace Decisioner.Web.Editing;

/// <summary>The editors' addresses. A file is named by its path under the content folder, in the query.</summary>
public static class EditorLinks
{
    public const string Workspace = "/editor";
    public const string ApiPrefix = "/editor/api";
    public const string PreviewApi = ApiPrefix + "/preview";
    public const string ImpactApi = ApiPrefix + "/impact";
    public const string DraftApi = ApiPrefix + "/draft";
    public const string PublishApi = ApiPrefix + "/publish";
    public const string NewGuide = "/editor/new";

    public static string Edit(string path) => "/editor/edit?file=" + Uri.EscapeDataString(path);

    public static string History(string path) => "/editor/history?file=" + Uri.EscapeDataString(path);

    public static string Draft(Guid id) => $"/editor/drafts/{id:D}";
}
