using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Decisioner.Web.Data;

/// <summary>
/// The data-protection key ring, kept in the database (shared by every instance, kept across restarts),
/// without making the database a condition for serving pages. Blazor protects the state it writes into
/// every prerendered page with these keys, so a key ring that cannot be read would fail public pages.
/// While the database cannot be reached, the keys last read are used; a key made meanwhile is kept in
/// memory and stored once the database is back. Logged once per outage.
/// </summary>
internal sealed partial class ResilientKeyRepository(IServiceProvider services, ILoggerFactory loggers) : IXmlRepository
{
    private readonly EntityFrameworkCoreXmlRepository<SiteDbContext> _database = new(services, loggers);
    private readonly ILogger _logger = loggers.CreateLogger<ResilientKeyRepository>();
    private readonly Lock _lock = new();
    private readonly List<(XElement Element, string Name)> _unsaved = [];
    private IReadOnlyCollection<XElement> _lastRead = [];
    private bool _failing;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            SaveUnsaved();
            var elements = _database.GetAllElements();
            lock (_lock)
            {
                _lastRead = elements;
                Recovered();
                return [.. elements, .. _unsaved.Select(u => u.Element)];
            }
        }
        catch (Exception ex) when (IsDatabaseFault(ex))
        {
            lock (_lock)
            {
                Failed(ex);
                return [.. _lastRead, .. _unsaved.Select(u => u.Element)];
            }
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        try
        {
            _database.StoreElement(element, friendlyName);
        }
        catch (Exception ex) when (IsDatabaseFault(ex))
        {
            lock (_lock)
            {
                _unsaved.Add((element, friendlyName));
                Failed(ex);
            }
        }
    }

    private void SaveUnsaved()
    {
        (XElement Element, string Name)[] pending;
        lock (_lock)
        {
            pending = [.. _unsaved];
        }

        foreach (var (element, name) in pending)
        {
            _database.StoreElement(element, name);
            lock (_lock)
            {
                _unsaved.Remove((element, name));
            }
        }
    }

    private void Failed(Exception ex)
    {
        if (!_failing)
        {
            _failing = true;
            LogFailing(_logger, ex.GetBaseException().Message);
        }
    }

    private void Recovered()
    {
        if (_failing)
        {
            _failing = false;
            LogRecovered(_logger);
        }
    }

    private static bool IsDatabaseFault(Exception ex) => DatabaseFault.Is(ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data-protection key ring cannot be read from or written to the database ({Reason}). Pages are served with the keys last read; staff sign-in may fail until it is back. (Logged once.)")]
    private static partial void LogFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The data-protection key ring is read from the database again.")]
    private static partial void LogRecovered(ILogger logger);
}
