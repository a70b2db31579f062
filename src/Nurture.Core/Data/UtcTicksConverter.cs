using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nurture.Core.Data;

/// <summary>Stores instants as UTC ticks (SQLite only), so due-time comparisons and ordering run in SQL.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
