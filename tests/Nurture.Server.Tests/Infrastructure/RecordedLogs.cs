using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>Every warning and error the server logs, kept for tests that assert what an operator is told.</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    public IReadOnlyList<string> Warnings => _entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs._entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
