namespace Nurture.Core.Leads;

public sealed class Lead
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased address; unique, so the same email is always the same lead.</summary>
    public required string Email { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Company { get; set; }
    public string? JobTitle { get; set; }
    public string? Phone { get; set; }

    /// <summary>ISO 3166-1 alpha-2 when recognised ("UK", "France" → GB, FR); otherwise kept as given.</summary>
    public string? Country { get; set; }

    /// <summary>A country that is not an ISO code: kept, never rejected, and flagged on the lead page.</summary>
    public bool CountryUnrecognized => Country is not null && !Geography.Countries.IsRecognized(Country);

    /// <summary>The IANA zone quiet hours and business-hours delays use: given, or inferred (see <see cref="TimeZoneSource"/>).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Where <see cref="TimeZone"/> came from; null for leads stored before it was recorded.</summary>
    public Geography.TimeZoneSource? TimeZoneSource { get; set; }
    public string? Industry { get; set; }

    /// <summary>Employees.</summary>
    public int? CompanySize { get; set; }

    /// <summary>Annual revenue, in the currency the organisation reports in.</summary>
    public decimal? AnnualRevenue { get; set; }

    /// <summary>Changed only by <see cref="MoveTo"/>, which returns the transition to record.</summary>
    public LeadStage Stage { get; private set; } = LeadStage.Lead;

    /// <summary>Lower-case labels set by journeys or the API ("vip", "webinar-2026").</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Engagement points (behaviour, decayed); always the sum of the lead's engagement ledger rows.</summary>
    public int EngagementScore { get; set; }

    /// <summary>Fit points (profile rules); the sum of the fit ledger rows.</summary>
    public int FitScore { get; set; }

    /// <summary>Reliability points (address, domain, phone, completeness); the sum of the reliability ledger rows.</summary>
    public int ReliabilityScore { get; set; }

    /// <summary>The weighted blend of the three dimensions (0–100), recomputed whenever one changes.</summary>
    public int QualityScore { get; set; }

    /// <summary>The last human signal that scored; inactivity counts from here.</summary>
    public DateTimeOffset? LastEngagedAt { get; set; }

    /// <summary>When decay was last written to the ledger.</summary>
    public DateTimeOffset? ScoreDecayedAt { get; set; }

    /// <summary>When the current stretch of inactivity was penalised (once per stretch).</summary>
    public DateTimeOffset? InactivityPenalizedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Suppressions are for good: each is recorded at its first time, and nothing on the lead lifts it.
    public DateTimeOffset? UnsubscribedAt { get; private set; }
    public DateTimeOffset? HardBouncedAt { get; private set; }
    public DateTimeOffset? ComplainedAt { get; private set; }

    /// <summary>Opts the lead out of marketing; false when it already was.</summary>
    public bool Unsubscribe(DateTimeOffset at)
    {
        if (UnsubscribedAt is not null)
            return false;
        UnsubscribedAt = at;
        return true;
    }

    /// <summary>The address bounced for good; false when it already had.</summary>
    public bool MarkHardBounced(DateTimeOffset at)
    {
        if (HardBouncedAt is not null)
            return false;
        HardBouncedAt = at;
        return true;
    }

    /// <summary>The lead reported an email as spam; false when it already had.</summary>
    public bool MarkComplained(DateTimeOffset at)
    {
        if (ComplainedAt is not null)
            return false;
        ComplainedAt = at;
        return true;
    }

    /// <summary>
    /// A merged duplicate's opt-out and complaint stay with the survivor (the person said no); its hard bounce
    /// does not, being about its own address.
    /// </summary>
    public void KeepOptOutsOf(Lead duplicate)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        UnsubscribedAt ??= duplicate.UnsubscribedAt;
        ComplainedAt ??= duplicate.ComplainedAt;
    }

    /// <summary>When a rep last rejected the lead; re-handoff waits for the cooldown and new engagement.</summary>
    public DateTimeOffset? RecycledAt { get; set; }

    /// <summary>Custom field values by name (see <see cref="Fields.CustomFieldSet"/>), in canonical text form.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields ??= FieldsJson is null
        ? new Dictionary<string, string>(StringComparer.Ordinal)
        : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(FieldsJson)!;

    private Dictionary<string, string>? _fields;

    /// <summary>The stored form of <see cref="Fields"/>: one JSON object, keys sorted (so a search can match a pair in it).</summary>
    public string? FieldsJson { get; private set; }

    /// <summary>Sets a custom field; null removes it. Returns whether the value changed.</summary>
    public bool SetField(string name, string? value)
    {
        var fields = new SortedDictionary<string, string>(Fields.ToDictionary(), StringComparer.Ordinal);
        if (value is null ? !fields.Remove(name) : fields.TryGetValue(name, out var current) && current == value)
            return false;
        if (value is not null)
            fields[name] = value;
        FieldsJson = fields.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(fields);
        _fields = null;
        return true;
    }

    /// <summary>How a stored <see cref="FieldsJson"/> spells one name and value, for a search that matches it.</summary>
    public static string FieldPairJson(string name, string value) =>
        $"{System.Text.Json.JsonSerializer.Serialize(name)}:{System.Text.Json.JsonSerializer.Serialize(value)}";

    /// <summary>Topics the lead turned off on the preference page; emails of those topics are not sent.</summary>
    public List<string> OptedOutTopics { get; set; } = [];

    /// <summary>No open pixel in this lead's emails (CNIL asks for consent to open tracking).</summary>
    public bool OpenTrackingOff { get; set; }

    /// <summary>Leads from forms may need to confirm their address before any marketing email.</summary>
    public OptInStatus OptIn { get; private set; } = OptInStatus.NotRequired;

    /// <summary>Holds marketing until the lead confirms the address; not for a lead who opted out. Whether it did.</summary>
    public bool RequestOptIn()
    {
        if (UnsubscribedAt is not null)
            return false;
        OptIn = OptInStatus.Pending;
        return true;
    }

    /// <summary>The lead confirmed the address; false unless a confirmation was pending.</summary>
    public bool ConfirmOptIn()
    {
        if (OptIn != OptInStatus.Pending)
            return false;
        OptIn = OptInStatus.Confirmed;
        return true;
    }

    /// <summary>
    /// Bumped by every unit of work that touches the lead (signal, journey step, handoff), so two of them
    /// racing on one lead cannot both commit: the loser retries and sees the winner's waits and signals.
    /// </summary>
    public int Revision { get; private set; }

    public string DisplayName => NameOf(FirstName, LastName, Email);

    /// <summary>"First Last", or the address when neither is known.</summary>
    public static string NameOf(string? firstName, string? lastName, string email) =>
        string.Join(' ', new[] { firstName, lastName }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } name ? name : email;

    /// <summary>False once unsubscribed, bounced or complained, and while a double opt-in is pending.</summary>
    public bool CanReceiveMarketing =>
        UnsubscribedAt is null && HardBouncedAt is null && ComplainedAt is null && OptIn != OptInStatus.Pending;

    public bool WantsTopic(string? topic) => topic is null || !OptedOutTopics.Contains(topic, StringComparer.Ordinal);

    /// <summary>Changes the stage and returns the transition row to record (backward moves included).</summary>
    public StageTransition MoveTo(LeadStage stage, string by, string reason, DateTimeOffset now)
    {
        var transition = new StageTransition
        {
            Id = Guid.CreateVersion7(now),
            LeadId = Id,
            From = Stage,
            To = stage,
            At = now,
            By = by,
            Reason = reason,
        };
        Stage = stage;
        return transition;
    }

    /// <summary>A detached copy to ask "what if" (another fit, no engagement) without changing this lead.</summary>
    public Lead Hypothetical() => (Lead)MemberwiseClone();

    /// <summary>
    /// Records that a unit of work changed the lead: when, and a new revision, the concurrency token every
    /// other unit of work on the lead is checked against (the one that commits second starts again).
    /// </summary>
    public void MarkChanged(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }
}

public enum OptInStatus
{
    /// <summary>Created by the API or an import with consent obtained elsewhere.</summary>
    NotRequired,

    /// <summary>A confirmation email went out; nothing else is sent until the lead confirms.</summary>
    Pending,

    Confirmed,
}
