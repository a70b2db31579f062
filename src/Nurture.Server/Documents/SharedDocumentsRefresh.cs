using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Documents;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Server.Documents;

/// <summary>
/// Every <see cref="Every"/>, reads whether another node saved a document or published a journey (two
/// counts of small tables, each one index read) and, only then, loads them again.
/// </summary>
public sealed class SharedDocumentsRefresh(
    SharedDocuments documents, DocumentStore store, JourneyCatalog journeys, IDbContextFactory<NurtureDbContext> databases,
    TimeProvider time, ILogger<SharedDocumentsRefresh> logger) : RepeatingService(time, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private (int Documents, int Journeys)? _seen;

    protected override TimeSpan Interval => Every;
    protected override string FailureMessage => "Could not check for documents changed by another node; the ones in force stay";
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        int journeyVersions;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            journeyVersions = await db.JourneyVersions.CountAsync(cancellationToken);
        (int Documents, int Journeys) stamp = (await store.StampAsync(cancellationToken), journeyVersions);
        if (_seen?.Documents != stamp.Documents)
            await documents.LoadAsync(cancellationToken);
        if (_seen?.Journeys != stamp.Journeys)
            await journeys.RefreshAsync(cancellationToken);
        _seen = stamp;
    }
}
