using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Data;

/// <summary>Whether an exception means the database could not be reached or could not answer, rather than a bug.</summary>
public static class DatabaseFault
{
    public static bool Is(Exception ex) =>
        ex is DbException or DbUpdateException or TimeoutException
        || (ex is InvalidOperationException && ex.GetBaseException() is DbException or System.Net.Sockets.SocketException or TimeoutException);
}
