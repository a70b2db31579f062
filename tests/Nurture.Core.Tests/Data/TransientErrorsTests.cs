using Microsoft.Data.Sqlite;
using Nurture.Core.Data;

namespace Nurture.Core.Tests.Data;

public sealed class TransientErrorsTests
{
    [Fact]
    public void A_database_or_network_that_did_not_answer_is_transient()
    {
        Assert.True(TransientErrors.IsTransient(new TimeoutException("query timed out")));
        Assert.True(TransientErrors.IsTransient(new IOException("connection reset")));
        Assert.True(TransientErrors.IsTransient(new SqliteException("database is locked", 5)));
        Assert.True(TransientErrors.IsTransient(new InvalidOperationException("wrapped", new System.Net.Sockets.SocketException(111))));
    }

    [Fact]
    public void A_definition_or_data_error_is_not()
    {
        Assert.False(TransientErrors.IsTransient(new InvalidOperationException("template 'gone' is not loaded")));
        Assert.False(TransientErrors.IsTransient(new FormatException("not a duration")));
        Assert.False(TransientErrors.IsTransient(new SqliteException("no such column", 1)));
    }
}
