using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Tracking;

/// <summary>
/// A tracking hit is answered once handed to the group commit (a kill -9 loses at most what one commit
/// interval gathered), or, with <c>Tracking:AnswerAfterCommit</c>, only once its row is committed. Another
/// connection holding SQLite's write lock keeps the commit waiting, so each test sees which came first.
/// </summary>
public sealed class AnswerAfterCommitTests
{
    [Fact]
    public async Task By_default_a_hit_is_answered_before_its_row_is_committed()
    {
        await using var stack = await TestStack.StartAsync("Sqlite");
        var (leadId, pixel) = await WelcomePixelAsync(stack);
        using var raw = new HttpClient { BaseAddress = stack.Host.BaseAddress }; // without the tests' flush after each hit

        await using (await HoldWriteLockAsync(stack))
        {
            Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync(pixel)).StatusCode);
            Assert.Equal(0, await OpensAsync(stack.Host, leadId)); // answered, not yet committed
        }
        await stack.Host.Service<SignalWriter>().FlushAsync(CancellationToken.None);
        Assert.Equal(1, await OpensAsync(stack.Host, leadId));
    }

    [Fact]
    public async Task With_answer_after_commit_a_hit_is_answered_only_once_its_row_is_committed()
    {
        await using var stack = await TestStack.StartAsync("Sqlite", configure: o => o.WithSetting("Tracking:AnswerAfterCommit", "true"));
        var (leadId, pixel) = await WelcomePixelAsync(stack);
        using var raw = new HttpClient { BaseAddress = stack.Host.BaseAddress };
        var writer = stack.Host.Service<SignalWriter>();

        Task<HttpResponseMessage> answered;
        await using (await HoldWriteLockAsync(stack))
        {
            var commitsBefore = writer.Commits;
            answered = raw.GetAsync(pixel);
            await NurtureTestHost.EventuallyAsync(() => Task.FromResult(writer.Commits > commitsBefore), "the writer began the hit's commit");
            Assert.False(answered.IsCompleted, "answered while the commit waited for the lock");
        }
        Assert.Equal(HttpStatusCode.OK, (await answered).StatusCode);
        Assert.Equal(1, await OpensAsync(stack.Host, leadId)); // there as soon as answered
    }

    private static async Task<(Guid LeadId, string Pixel)> WelcomePixelAsync(TestStack stack)
    {
        var leadId = await stack.Host.CreateLeadAsync(new { email = "pixel@example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("pixel@example.com", "Welcome, Sam");
        await stack.Host.WaitUntilRecordedAsSentAsync(welcome);
        return (leadId, EmailLinks.PathOf(EmailLinks.ImageSources(welcome.Html).Single(s => s.Contains("/t/o/", StringComparison.Ordinal))));
    }

    /// <summary>BEGIN IMMEDIATE on a connection of the test's own: every other writer waits until it is disposed.</summary>
    private static async Task<WriteLock> HoldWriteLockAsync(TestStack stack)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(stack.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await WriteLock.ExecuteAsync(connection, "BEGIN IMMEDIATE");
        return new WriteLock(connection);
    }

    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public static async Task ExecuteAsync(SqliteConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync(connection, "ROLLBACK");
            await connection.DisposeAsync();
        }
    }

    private static async Task<int> OpensAsync(NurtureTestHost host, Guid leadId)
    {
        await using var db = host.CreateDbContext();
        return await db.Signals.CountAsync(s => s.LeadId == leadId && s.Type == SignalTypes.Open);
    }
}
