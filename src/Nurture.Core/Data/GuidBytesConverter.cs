using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nurture.Core.Data;

/// <summary>
/// Stores Guids as 16 bytes (SQLite only), most significant first: a key index's entry is half the length of
/// the 36-character text the provider writes by default, and version-7 keys (time first) still sort, and so
/// append, in creation order, as their text did.
/// </summary>
public sealed class GuidBytesConverter() : ValueConverter<Guid, byte[]>(
    value => value.ToByteArray(true),
    bytes => new Guid(bytes, true));
