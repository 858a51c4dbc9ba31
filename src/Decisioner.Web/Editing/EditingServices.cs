namespace Decisioner.Web.Editing;

public static class EditingServices
{
    /// <summary>Editing content in the browser: drafts, the draft check, publishing and history.</summary>
    public static IServiceCollection AddContentEditing(this IServiceCollection services)
    {
        services.AddSingleton<Editors>();
        services.AddSingleton<DraftCheck>();
        services.AddSingleton<DraftStore>();
        services.AddSingleton<ContentGit>();
        services.AddSingleton<PublishLease>();
        services.AddSingleton<ContentPublisher>();
        return services;
    }
}
