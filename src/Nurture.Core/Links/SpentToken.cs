using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nurture.Core.Links;

/// <summary>A one-time token's nonce once used; kept until the token expires, so that a replay is refused.</summary>
public sealed class SpentToken
{
    public Guid Id { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class SpentTokenConfiguration : IEntityTypeConfiguration<SpentToken>
{
    public void Configure(EntityTypeBuilder<SpentToken> builder)
    {
        builder.ToTable("spent_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.ExpiresAt);
    }
}
