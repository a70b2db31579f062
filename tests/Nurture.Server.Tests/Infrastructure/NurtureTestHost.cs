using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel (loopback, random port) over a real database, with a fake clock so tests
/// can cross days and months without sleeping.
/// </summary>
public sealed class NurtureTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123456789";
    public const string RepEmail = "rep@sales.test";
    public const string WebhookSecret = "test-webhook-secret-0123456789-abcdefghij";
    public const string JourneyWebhookSecret = "test-journey-webhook-secret-0123456789-abc";
    public const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private NurtureTestHost(WebApplication app, FakeTimeProvider clock, RecordedLogs logs)
    {
        Logs = logs;
        App = app;
        Clock = clock;
        BaseAddress = new Uri(app.Urls.First());
        var transport = new HttpClientHandler { AllowAutoRedirect = false };
        Client = new HttpClient(new HitsCommittedHandler(Service<SignalWriter>()) { InnerHandler = transport }) { BaseAddress = BaseAddress };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", BrowserAgent);
    }

    public WebApplication App { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>The warnings and errors the server logged, from its start on.</summary>
    public RecordedLogs Logs { get; }
    public Uri BaseAddress { get; }

    /// <summary>
    /// Sends the API key and a browser user agent; does not follow redirects. A tracking hit is answered
    /// before its group commit; this client returns once it is committed, so a test can read what it recorded.
    /// </summary>
    public HttpClient Client { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Wakes the delivery workers and waits until a pass over the outbox begun after this call has finished
    /// (with every pass before it): what was due and allowed is sent by then, so an email not sent was held
    /// or refused. The way to show that nothing was sent, instead of sleeping.
    /// </summary>
    public async Task DeliveryPassAsync()
    {
        var done = Service<Core.Delivery.DispatchPasses>().NextAsync();
        Service<Core.Delivery.OutboxWakeup>().Notify();
        await done.WaitAsync(TimeSpan.FromMinutes(1));
    }

    public NurtureDbContext CreateDbContext() => Service<IDbContextFactory<NurtureDbContext>>().CreateDbContext();

    public static async Task<NurtureTestHost> StartAsync(TestDatabase database, TestHostOptions options)
    {
        var clock = options.Clock ?? new FakeTimeProvider(Epoch);
        var dkimKey = DkimKey.EnsureIn(options.DataDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["Nurture:Home"] = options.Home ?? Repository.Root,
            ["Nurture:DataDirectory"] = options.DataDirectory,
            ["Database:Provider"] = database.Provider,
            ["ConnectionStrings:Nurture"] = database.ConnectionString,
            ["Email:PickupDirectory"] = Path.Combine(options.DataDirectory, "pickup"),
            ["Email:Smtp:Host"] = options.SmtpPort is null ? "" : "127.0.0.1",
            ["Email:Smtp:Port"] = options.SmtpPort?.ToString() ?? "25",
            ["Email:Smtp:Security"] = "None",
            ["Sales:DefaultRepEmail"] = RepEmail,
            ["Api:Keys:0"] = ApiKey,
            // Every test signs in from loopback; the rate limit's own test lowers it.
            ["Accounts:LoginAttemptsPerMinute"] = "100000",
            ["Tracking:SigningKey"] = "test-signing-key-that-is-long-enough-0123456789",
            ["Email:Dkim:Domain"] = "nurture.test",
            ["Email:Dkim:Selector"] = "s2026",
            ["Email:Dkim:PrivateKeyFile"] = dkimKey.PrivateKeyFile,
            ["Quartz:InstanceName"] = $"test-{Guid.NewGuid():N}",
            // Tests fire the timer sweeps themselves, deterministically; one test checks Quartz's schedule.
            ["Journeys:SweepInterval"] = "00:00:00",
            ["Webhooks:Secret"] = WebhookSecret,
            ["Webhooks:JourneySecret"] = JourneyWebhookSecret,
            // The cap and quiet hours would hold emails in tests that cross days; their own tests turn them on.
            ["Email:MaxMarketingPerWeek"] = "0",
            ["Email:SendingHours:Start"] = "",
            ["Email:SendingHours:End"] = "",
            ["Email:BounceAddress"] = "bounces@nurture.test",
            // Most tests reason in engagement points alone (click +5, download +10, MQL at 15); the scoring
            // tests load the shipped three-dimension model themselves. Decay runs when a test calls it.
            ["Scoring:ModelFile"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scoring-engagement-only.json"),
            ["Scoring:MaintenanceInterval"] = "00:00:00",
            // Every handoff goes to RepEmail unless a test brings its own routing; SLA steps run when a test calls them.
            ["Sales:RoutingFile"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "routing-default-rep.json"),
            ["Sales:SlaInterval"] = "00:00:00",
        };
        foreach (var (key, value) in options.Settings)
            settings[key] = value;

        var logs = new RecordedLogs();
        var app = NurtureServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(logs);
            options.Services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new NurtureTestHost(app, clock, logs);
    }

    public async Task<Guid> CreateLeadAsync(object lead)
    {
        var response = await Client.PostAsJsonAsync("/api/leads", lead);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> GetLeadAsync(Guid id)
    {
        var response = await Client.GetAsync($"/api/leads/{id}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>
    /// The SMTP server sees an email a moment before the outbox records it as sent (at the fake clock's
    /// time): wait for that record before moving the clock, or the delivery time lands after the move.
    /// </summary>
    public Task WaitUntilRecordedAsSentAsync(ReceivedEmail email) =>
        EventuallyAsync(async () =>
        {
            await using var db = CreateDbContext();
            return await db.Outbox.AnyAsync(m => m.MessageIdHeader == email.Message.MessageId && m.SentAt != null);
        }, $"the outbox records {email.Message.MessageId} as sent");

    /// <summary>The lead as stored now (tags, stage, score).</summary>
    public async Task<Core.Leads.Lead> LeadAsync(Guid id)
    {
        await using var db = CreateDbContext();
        return await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    public async Task<Guid> SignalAsync(object signal)
    {
        var response = await Client.PostAsJsonAsync("/api/signals", signal);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Waits until the signal has gone through scoring and journeys.</summary>
    public Task WaitUntilProcessedAsync(Guid signalId) =>
        EventuallyAsync(async () =>
        {
            await using var db = CreateDbContext();
            return await db.Signals.AnyAsync(s => s.Id == signalId && s.ProcessedAt != null);
        }, $"signal {signalId} is processed");

    /// <summary>Polls (real time, short) until the condition holds: work after a commit is asynchronous by design.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public sealed record TestHostOptions(string DataDirectory)
{
    public string? Home { get; init; }
    public int? SmtpPort { get; init; }
    public FakeTimeProvider? Clock { get; init; }
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Registrations added after the server's own (an exporter to read what it reports).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    public TestHostOptions WithSetting(string key, string? value) => this with { Settings = new(Settings) { [key] = value } };
}

/// <summary>After a tracking request (<c>/t/…</c>), waits until the hit it handed to the writer is committed.</summary>
internal sealed class HitsCommittedHandler(SignalWriter writer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath.StartsWith("/t/", StringComparison.Ordinal) == true)
            await writer.FlushAsync(cancellationToken);
        return response;
    }
}
