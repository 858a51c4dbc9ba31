namespace Decisioner.Web.Mail;

public static class MailServices
{
    /// <summary>The <c>Email</c> settings (checked at start), the outbox and its worker.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        services.AddScoped<MailOutbox>();
        return services;
    }
}
