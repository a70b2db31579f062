namespace Nurture.Server.Accounts;

/// <summary>The <c>Accounts</c> settings.</summary>
public sealed class AccountOptions : Core.Configuration.ISelfValidatingOptions
{
    public const string Section = "Accounts";

    /// <summary>The first admin's sign-in, created when there is no user at all.</summary>
    public string AdminEmail { get; set; } = "admin@nurture.localhost";

    /// <summary>The first admin's password; when empty, one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Sign-in attempts one client IP may make in a sliding minute, right or wrong.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>Wrong passwords a client may send for one account before each further one doubles its wait.</summary>
    public int FreeLoginFailures { get; set; } = 3;

    public TimeSpan MaxLoginBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords from clients the account never signed in from that close it to such clients for the window.</summary>
    public int AccountFailureLimit { get; set; } = 10;

    public TimeSpan AccountFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Problems()
    {
        if (LoginAttemptsPerMinute < 1)
            yield return $"Accounts:LoginAttemptsPerMinute must be 1 or more (got {LoginAttemptsPerMinute}).";
        if (FreeLoginFailures < 1)
            yield return $"Accounts:FreeLoginFailures must be 1 or more (got {FreeLoginFailures}).";
        if (AccountFailureLimit < 1)
            yield return $"Accounts:AccountFailureLimit must be 1 or more (got {AccountFailureLimit}).";
        if (MaxLoginBackoff <= TimeSpan.Zero || AccountFailureWindow <= TimeSpan.Zero)
            yield return $"Accounts:MaxLoginBackoff and Accounts:AccountFailureWindow must be positive (got '{MaxLoginBackoff}' and '{AccountFailureWindow}').";
    }
}
