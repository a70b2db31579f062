using System.Globalization;
using Npgsql;

namespace Nurture.Benchmarks.Cluster;

/// <summary>
/// What a stretch of work cost the PostgreSQL server on this machine: its processes' CPU time (read from /proc:
/// the postmaster, its live backends, and the backends that exited meanwhile, which the postmaster's child
/// times hold), the WAL it wrote and the transactions it committed. The base of the capacity estimate: a
/// database's limit is its CPU or its WAL, whatever the number of nodes in front of it.
/// </summary>
public sealed record PostgresCost(double CpuSeconds, long WalBytes, long Commits)
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on

    public static async Task<Sample> SampleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            "SELECT pg_backend_pid(), pg_current_wal_lsn()::text, (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())", connection);
        await using var row = await read.ExecuteReaderAsync();
        await row.ReadAsync();
        var backend = row.GetInt32(0);
        var wal = Lsn(row.GetString(1));
        var commits = row.GetInt64(2);
        return new Sample(ServerCpuSeconds(ParentOf(backend)), wal, commits);
    }

    public static PostgresCost Between(Sample before, Sample after) =>
        new(after.CpuSeconds - before.CpuSeconds, after.WalBytes - before.WalBytes, after.Commits - before.Commits);

    public sealed record Sample(double CpuSeconds, long WalBytes, long Commits);

    /// <summary>An LSN is two hexadecimal halves of a 64-bit WAL position: <c>16/B374D848</c>.</summary>
    private static long Lsn(string lsn)
    {
        var halves = lsn.Split('/');
        return (long.Parse(halves[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32) + long.Parse(halves[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static int ParentOf(int pid) => int.Parse(Fields(pid)[1], CultureInfo.InvariantCulture);

    private static double ServerCpuSeconds(int postmaster)
    {
        var own = Fields(postmaster);
        // utime, stime, cutime, cstime: fields 14–17 of /proc/PID/stat, 11–14 counted after the command's ")".
        var ticks = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == postmaster)
                continue;
            try
            {
                var fields = Fields(pid);
                if (fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                    ticks += Ticks(fields, 11) + Ticks(fields, 12);
            }
            catch (IOException)
            {
                // It exited while we looked: its time is in the postmaster's child times now.
            }
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>/proc/PID/stat after the command name (which may hold spaces): state, ppid, … as fields 0, 1, ….</summary>
    private static string[] Fields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
