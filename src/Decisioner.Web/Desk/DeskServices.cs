namespace Decisioner.Web.Desk;

public static class DeskServices
{
    /// <summary>The admissions desk: its settings, its services (one per request), and the hourly retention job.</summary>
    public static IServiceCollection AddAdmissionsDesk(this IServiceCollection services)
    {
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DeskService>();
        services.AddScoped<DeskFollowUps>();
        services.AddScoped<DeskErasure>();
        services.AddScoped<DeskSending>();
        services.AddSingleton<DeskRetention>();
        services.AddHostedService(s => s.GetRequiredService<DeskRetention>());
        return services;
    }
}
