using System.Globalization;
using System.Text;

namespace Nurture.Chaos;

/// <summary>What a run found; every figure named "bold" in the issue must be 0.</summary>
public sealed record ChaosReport
{
    public required ChaosOptions Options { get; init; }
    public int Kills { get; init; }
    public int Leads { get; init; }
    public int Suppressed { get; init; }

    /// <summary>Leads whose email the SMTP server refused with a 5xx: hard bounces, left out of what is expected after.</summary>
    public int RefusedBySmtp { get; init; }
    public int JourneysCompleted { get; init; }
    public int JourneysExpected { get; init; }
    public int EmailsExpected { get; init; }
    public int EmailsDelivered { get; init; }
    public int EmailDuplicates { get; init; }
    public int EmailsMissing { get; init; }
    public int ResentSameMessageId { get; init; }
    public int SignalsAcknowledged { get; init; }
    public int SignalsScored { get; init; }
    public int SignalsLost { get; init; }
    public int SignalsDoubleScored { get; init; }
    public int ClicksAcknowledged { get; init; }
    public int ClicksLost { get; init; }
    public int HandoffsExpected { get; init; }
    public int HandoffsNotifiedOnce { get; init; }
    public int HandoffsNotifiedTwice { get; init; }
    public int HandoffsMissing { get; init; }
    public int WebhooksDeliveredOnce { get; init; }
    public int WebhookDuplicates { get; init; }
    public int EmailsToSuppressed { get; init; }
    public TimeSpan Drain { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>The figures that must be 0, by name.</summary>
    public IReadOnlyDictionary<string, int> MustBeZero => new Dictionary<string, int>
    {
        // Without AnswerAfterCommit a hit is acknowledged before its commit: what a kill loses is measured, not refused.
        ["acknowledged clicks lost"] = Options.AnswerAfterCommit ? ClicksLost : 0,
        ["email duplicates"] = EmailDuplicates,
        ["emails missing"] = EmailsMissing,
        ["API signals lost"] = SignalsLost,
        ["API signals double-scored"] = SignalsDoubleScored,
        ["handoffs notified twice"] = HandoffsNotifiedTwice,
        ["handoffs missing"] = HandoffsMissing,
        ["webhook duplicates"] = WebhookDuplicates,
        ["emails to suppressed leads"] = EmailsToSuppressed,
    };

    public bool Passed => MustBeZero.Values.All(v => v == 0) && ResentSameMessageId <= Kills && JourneysCompleted == JourneysExpected;

    public string ToTable()
    {
        var o = Options;
        var rows = new List<(string, string)>
        {
            ("nodes", $"{o.Nodes}{(o.LateNode ? " + 1 joining late" : "")}"),
            ("faults", $"{Kills} kills (SIGKILL, restarted after {o.RestartAfter.TotalSeconds:0} s); SMTP refused {o.SmtpOutage.TotalSeconds:0} s then 421 {o.SmtpOutage.TotalSeconds:0} s{(o.RestartPostgres ? "; PostgreSQL restarted once" : "")}"),
            ("leads (suppressed)", $"{Leads} ({Suppressed})"),
            ("refused by the SMTP server with a 5xx (hard bounces, then suppressed)", $"{RefusedBySmtp}"),
            ("journeys completed / expected", $"{JourneysCompleted} / {JourneysExpected}"),
            ("emails expected / delivered", $"{EmailsExpected} / {EmailsDelivered}"),
            ("**email duplicates**", $"{EmailDuplicates}"),
            ("**emails missing**", $"{EmailsMissing}"),
            ("resent, same Message-ID (≤ kills: one delivery loop per node)", $"{ResentSameMessageId} (≤ {Kills})"),
            ("API signals acknowledged / scored", $"{SignalsAcknowledged} / {SignalsScored}"),
            ("**API signals lost**", $"{SignalsLost}"),
            ("**API signals double-scored**", $"{SignalsDoubleScored}"),
            (o.AnswerAfterCommit ? "clicks acknowledged (**lost**)" : "clicks acknowledged (lost in the crash window: answered before commit)", $"{ClicksAcknowledged} ({ClicksLost})"),
            ("handoffs expected / notified once", $"{HandoffsExpected} / {HandoffsNotifiedOnce}"),
            ("**handoffs notified twice**", $"{HandoffsNotifiedTwice}"),
            ("**handoffs missing**", $"{HandoffsMissing}"),
            ("CRM webhooks delivered once (**duplicates**)", $"{WebhooksDeliveredOnce} ({WebhookDuplicates})"),
            ("**emails to suppressed leads**", $"{EmailsToSuppressed}"),
            ("drain after the last fault", $"{Drain.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"),
            ("run", $"{Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"),
        };
        var table = new StringBuilder("| Figure | Value |\n|---|---|\n");
        foreach (var (name, value) in rows)
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
        return table.ToString();
    }
}
