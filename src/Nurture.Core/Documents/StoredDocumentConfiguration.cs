using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nurture.Core.Documents;

internal sealed class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasMaxLength(40);
        builder.Property(d => d.Name).HasMaxLength(200);
        // Two nodes saving at once cannot both write version N: one retries and becomes N + 1.
        builder.HasIndex(d => new { d.Kind, d.Name, d.Version }).IsUnique();
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.Property(d => d.Source).HasMaxLength(300);
    }
}
