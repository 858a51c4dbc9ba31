using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Data;

public static class DatabaseServices
{
    /// <summary>
    /// The database (SQLite by default, PostgreSQL by configuration) and the data-protection key ring
    /// kept in it, so that sign-in cookies and antiforgery tokens survive a restart and are shared by
    /// every instance.
    /// </summary>
    public static IServiceCollection AddSiteDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DatabaseSetup>();
        // One instance per database does each periodic job per period.
        services.AddSingleton<JobLeases>();

        // The engine decides which context type (and so which migration set) is registered, so it is read here too.
        var provider = configuration.GetValue($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}", DatabaseProvider.Sqlite);
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<SiteDbContext, PostgresSiteDbContext>(Configure);
        }
        else
        {
            services.AddDbContext<SiteDbContext, SqliteSiteDbContext>(Configure);
        }

        var protection = services.AddDataProtection().SetApplicationName("Decisioner");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, ILoggerFactory>((keys, provider, loggers) =>
            keys.XmlRepository = new ResilientKeyRepository(provider, loggers));
        var certificate = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            // Keys are stored encrypted to this certificate: a copy of the database alone cannot forge a cookie.
            protection.ProtectKeysWithCertificate(LoadCertificate(certificate, configuration["DataProtection:CertificatePassword"]));
        }

        return services;

        static void Configure(IServiceProvider services, DbContextOptionsBuilder options)
        {
            var database = services.GetRequiredService<DatabaseSetup>();
            DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new StartupRefusedException($"DataProtection:CertificatePath {path} could not be loaded: {ex.Message}");
        }
    }
}
