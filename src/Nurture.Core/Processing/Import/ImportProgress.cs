namespace Nurture.Core.Processing.Import;

public sealed record ImportError(int Line, string Field, string Message);

/// <summary>One import's progress, polled by the web app.</summary>
public sealed class ImportProgress
{
    private readonly List<ImportError> _errors = [];

    public required Guid Id { get; init; }
    public required int Total { get; init; }
    public int Processed { get; internal set; }
    public int Created { get; internal set; }
    public int Updated { get; internal set; }
    public int Failed { get; internal set; }
    public bool Finished { get; internal set; }

    /// <summary>The first errors (a bad file would otherwise fill memory), with line and field.</summary>
    public IReadOnlyList<ImportError> Errors
    {
        get
        {
            lock (_errors)
                return [.. _errors];
        }
    }

    internal void Fail(ImportError error)
    {
        Failed++;
        lock (_errors)
        {
            if (_errors.Count < 200)
                _errors.Add(error);
        }
    }
}
