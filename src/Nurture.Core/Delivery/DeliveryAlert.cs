namespace Nurture.Core.Delivery;

/// <summary>
/// A receiving domain refused our mail for policy (5.7.x: spam, reputation, authentication). Marketing
/// sends to that domain pause until <see cref="PausedUntil"/> or until someone resolves the alert, because
/// sending on through a block only deepens it. Also: our own SMTP server refused our set-up
/// (<see cref="SmtpSetupCode"/>, its host as the domain), which pauses nothing but tells the operator.
/// </summary>
public sealed class DeliveryAlert
{
    public const string SmtpSetupCode = "smtp-setup";

    public Guid Id { get; set; }
    public required string Domain { get; set; }

    /// <summary>Enhanced status code, e.g. "5.7.1".</summary>
    public required string Code { get; set; }

    /// <summary>The server's reply, as received.</summary>
    public const int DetailLength = 1000;
    public required string Detail { get; set; }

    public Guid? MessageId { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset PausedUntil { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}
