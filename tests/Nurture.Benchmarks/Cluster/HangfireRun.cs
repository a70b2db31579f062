using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Nurture.Chaos;

namespace Nurture.Benchmarks.Cluster;

/// <summary>
/// The durable baseline: Hangfire 1.8 with Hangfire.PostgreSql, one server with its default workers, on a
/// database of its own on the same PostgreSQL. Each lead is a delayed job that falls due with all the others
/// at once and then does in one transaction what the journey's three activities do (tag, score, stage) to a
/// lead row. The jobs are scheduled a day ahead, then brought due together by moving their scores in the
/// schedule set (so the clock starts with every job due, as the nodes' waits do); the schedule poller is
/// lowered to one second, as our sweep's interval is.
/// </summary>
public static class HangfireRun
{
    public static async Task<ClusterResult> RunAsync(ChaosDatabase database, int leads)
    {
        await using var data = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var create = data.CreateCommand("CREATE TABLE bench_leads (id uuid PRIMARY KEY, tags text[] NOT NULL, score int NOT NULL, stage text NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        await using (var insert = data.CreateCommand("INSERT INTO bench_leads SELECT gen_random_uuid(), '{}', 0, 'Lead' FROM generate_series(1, $1)"))
        {
            insert.Parameters.AddWithValue(leads);
            await insert.ExecuteNonQueryAsync();
        }
        var ids = new List<Guid>(leads);
        await using (var read = data.CreateCommand("SELECT id FROM bench_leads"))
        await using (var rows = await read.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
                ids.Add(rows.GetGuid(0));
        }

        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(100),
        });
        HangfireShape.Leads = data;
        var client = new BackgroundJobClient(storage);
        var scheduling = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (id, _) =>
        {
            client.Schedule(() => HangfireShape.Run(id), TimeSpan.FromDays(1));
            return ValueTask.CompletedTask;
        });
        Console.WriteLine($"  Hangfire: {leads:N0} delayed jobs scheduled in {scheduling.Elapsed.TotalSeconds:F0} s");

        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage);
        await Task.Delay(TimeSpan.FromSeconds(3)); // its workers and pollers started, as the nodes are before the clock starts
        var process = Process.GetCurrentProcess();
        var result = await ClusterResult.MeasureAsync("Hangfire 1.8 + Hangfire.PostgreSql, 1 server", 1, leads, database.ConnectionString, () =>
        {
            process.Refresh();
            return process.TotalProcessorTime.TotalSeconds;
        }, async () =>
        {
            await using (var due = data.CreateCommand("UPDATE hangfire.set SET score = extract(epoch FROM now()) WHERE key = 'schedule'"))
                await due.ExecuteNonQueryAsync();
            while (Volatile.Read(ref HangfireShape.Finished) < leads)
                await Task.Delay(50);
        });
        await using (var check = data.CreateCommand("SELECT count(*) FROM bench_leads WHERE stage = 'Sql' AND score = 7"))
        {
            if ((long)(await check.ExecuteScalarAsync())! != leads)
                throw new InvalidOperationException("Hangfire did not bring every lead to Sql exactly once.");
        }
        return result;
    }
}

/// <summary>The job: what the journey's tag, score and stage activities do to the lead, in one transaction.</summary>
public static class HangfireShape
{
    public static NpgsqlDataSource? Leads { get; set; }

#pragma warning disable CA2211 // counted with Interlocked by the jobs, read by the run
    public static int Finished;
#pragma warning restore CA2211

    public static void Run(Guid lead)
    {
        using var update = Leads!.CreateCommand("UPDATE bench_leads SET tags = array_append(tags, 'nurtured'), score = score + 7, stage = 'Sql' WHERE id = $1");
        update.Parameters.AddWithValue(lead);
        update.ExecuteNonQuery();
        Interlocked.Increment(ref Finished);
    }
}
