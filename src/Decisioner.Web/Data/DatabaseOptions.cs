using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Data;

/// <summary>The configuration section <c>Database</c>: which engine holds the site's data, and where.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default: one file, one instance) or <c>Postgres</c> (several instances).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, the folder that holds <c>decisioner.db</c>; relative paths start at the content root
    /// (the project folder under <c>dotnet run</c>). Ignored for PostgreSQL.
    /// </summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>For PostgreSQL, an Npgsql connection string. Ignored for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply pending migrations at start. Defaults to on for SQLite, where only one instance can use the
    /// file anyway, and off for PostgreSQL, where several instances would race: there, run the
    /// <c>migrate</c> command before starting the new version.
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;

    public const string FileName = "decisioner.db";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Database:ConnectionString is required when Database:Provider is Postgres (for example 'Host=db;Database=decisioner;Username=site;Password=...').",
                [nameof(ConnectionString)]);
        }

        if (Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return new ValidationResult("Database:DataFolder must name a folder for the SQLite file.", [nameof(DataFolder)]);
        }
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
