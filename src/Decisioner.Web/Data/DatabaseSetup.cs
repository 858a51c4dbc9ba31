using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Data;

/// <summary>
/// Where the database is and how to open it, and the checks made once before the site serves: the
/// SQLite file can be opened, no other instance holds it, and the schema is current (migrated here when
/// <see cref="DatabaseOptions.ShouldMigrateOnStart"/>).
/// </summary>
public sealed partial class DatabaseSetup : IDisposable
{
    private readonly DatabaseOptions _options;
    private FileStream? _instanceLock;

    public DatabaseSetup(IOptions<DatabaseOptions> options, IHostEnvironment environment)
    {
        _options = options.Value;
        if (_options.Provider == DatabaseProvider.Sqlite)
        {
            Folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, _options.DataFolder));
            FilePath = Path.Combine(Folder, DatabaseOptions.FileName);
            // One connection per operation (EF opens and closes it around each); pooled, so that is cheap.
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 5 }.ToString();
        }
        else
        {
            ConnectionString = _options.ConnectionString!;
        }
    }

    public DatabaseProvider Provider => _options.Provider;

    /// <summary>The SQLite file; null for PostgreSQL.</summary>
    public string? FilePath { get; }

    public string? Folder { get; }

    public string ConnectionString { get; }

    /// <summary>Where the data lives, for messages: the file, or the server and database without credentials.</summary>
    public string Describe()
    {
        if (FilePath is not null)
        {
            return FilePath;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A database that is down fails every attempt; the code that tried says so once (counting, the key
        // ring, start-up), so EF's own per-attempt errors are kept out of the log.
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
        if (provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(connectionString);
        }
        else
        {
            options.UseNpgsql(connectionString);
        }
    }

    /// <summary>
    /// Run by the web server before it listens: holds the SQLite file for this instance, then migrates or
    /// checks the schema. A problem stops the start with a message that names the file and what to do.
    /// </summary>
    public void PrepareForServing(IServiceProvider services, ILogger logger)
    {
        if (FilePath is not null)
        {
            OpenFolder();
            HoldFile();
            if (!File.Exists(FilePath) && !_options.ShouldMigrateOnStart)
            {
                throw new StartupRefusedException(
                    $"There is no database at {FilePath}. Create it with 'dotnet run --project src/Decisioner.Web -- migrate' " +
                    "(or, for a published site, 'Decisioner.Web migrate'), or set Database:MigrateOnStart=true.");
            }

            CheckReadable();
        }

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        try
        {
            EnsureSchema(db);
        }
        catch (Exception ex) when (ex is SqliteException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            if (FilePath is not null)
            {
                throw new StartupRefusedException($"The database at {FilePath} could not be opened: {ex.Message}");
            }

            // A PostgreSQL server that is down at start does not stop the public pages: they need no
            // database. Staff sign-in and counting wait for it, and say so in the log.
            LogUnreachable(logger, Describe(), ex.Message);
        }
    }

    /// <summary>
    /// Migrates when <see cref="DatabaseOptions.ShouldMigrateOnStart"/>; otherwise refuses a schema behind
    /// this version of the site, naming the migrations to apply. The site and the <c>users</c> commands both ask.
    /// </summary>
    public void EnsureSchema(SiteDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_options.ShouldMigrateOnStart)
        {
            Migrate(db);
            return;
        }

        var pending = db.Database.GetPendingMigrations().ToList();
        if (pending.Count > 0)
        {
            throw new StartupRefusedException(
                $"The database at {Describe()} is behind this version of the site ({pending.Count} migration(s) to apply, " +
                $"first '{pending[0]}'). Run 'dotnet run --project src/Decisioner.Web -- migrate' before starting it.");
        }
    }

    /// <summary>Applies every pending migration; on SQLite, also turns on write-ahead logging (kept in the file).</summary>
    public void Migrate(SiteDbContext db)
    {
        if (Folder is not null)
        {
            OpenFolder();
        }

        db.Database.Migrate();
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not wait for the writer, and the writer does not wait for readers.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    private void OpenFolder()
    {
        try
        {
            Directory.CreateDirectory(Folder!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"The data folder {Folder} could not be created: {ex.Message} Set Database:DataFolder to a folder the site may write.");
        }
    }

    /// <summary>
    /// SQLite serves one instance well; two processes on one file would contend for every write. A lock
    /// file beside the database, held while this instance runs, makes a second one stop at start.
    /// </summary>
    private void HoldFile()
    {
        var lockPath = FilePath + ".lock";
        try
        {
            _instanceLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            throw new StartupRefusedException(
                $"Another instance of the site is using the database at {FilePath}. SQLite serves one instance; " +
                "to run several, use PostgreSQL (Database:Provider=Postgres and Database:ConnectionString; see docs/operations.md).");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StartupRefusedException($"The database folder {Folder} cannot be written: {ex.Message}");
        }
    }

    private void CheckReadable()
    {
        if (!File.Exists(FilePath))
        {
            return;
        }

        try
        {
            using var file = new FileStream(FilePath!, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"The database file {FilePath} cannot be opened for reading and writing: {ex.Message}");
        }
    }

    public void Dispose() => _instanceLock?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "The database ({Database}) could not be reached at start: {Reason}. Public pages are served; staff pages and counting wait for it.")]
    private static partial void LogUnreachable(ILogger logger, string database, string reason);
}

/// <summary>The site cannot start as configured; the message says why and what to do. Printed as one line, exit code 1.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);

