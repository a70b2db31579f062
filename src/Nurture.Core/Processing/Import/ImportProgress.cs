namespace Nurture.Core.Processing.Import;

public sealed record ImportError(int Line, string Field, string Message);

/// <summary>One import's progress, polled by the web app.</summary>
public sealed class ImportProgress
{
    /// <summary>Each error with the email of its row (not shown): an erased lead's errors go with it.</summary>
    private readonly List<(ImportError Error, string? RowEmail)> _errors = [];

    public required Guid Id { get; init; }
    public required int Total { get; init; }
    public int Processed { get; internal set; }
    public int Created { get; internal set; }
    public int Updated { get; internal set; }
    public int Failed { get; internal set; }
    public bool Finished => FinishedAt is not null;

    /// <summary>The first errors (a bad file would otherwise fill memory), with line and field.</summary>
    public IReadOnlyList<ImportError> Errors
    {
        get
        {
            lock (_errors)
                return [.. _errors.Select(e => e.Error)];
        }
    }

    public DateTimeOffset? FinishedAt { get; internal set; }

    internal void Fail(ImportError error, string? rowEmail)
    {
        Failed++;
        lock (_errors)
        {
            if (_errors.Count < 200)
                _errors.Add((error, rowEmail?.Trim().ToLowerInvariant()));
        }
    }

    /// <summary>The errors of the rows with this email.</summary>
    public IReadOnlyList<ImportError> ErrorsOf(string email)
    {
        email = email.Trim().ToLowerInvariant();
        lock (_errors)
            return [.. _errors.Where(e => e.RowEmail == email).Select(e => e.Error)];
    }

    /// <summary>Keeps the line of each error of the rows with this email, and nothing of what the row held.</summary>
    public int Forget(string email)
    {
        email = email.Trim().ToLowerInvariant();
        lock (_errors)
        {
            var forgotten = 0;
            for (var i = 0; i < _errors.Count; i++)
            {
                if (_errors[i].RowEmail != email)
                    continue;
                _errors[i] = (_errors[i].Error with { Message = "(erased)" }, null);
                forgotten++;
            }
            return forgotten;
        }
    }
}
