using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Leads;

namespace Nurture.Core.Leads;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("leads");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Email).HasMaxLength(LeadValidator.MaxEmailLength).IsRequired();
        builder.HasIndex(l => l.Email).IsUnique();
        builder.Property(l => l.FirstName).HasMaxLength(LeadValidator.MaxNameLength);
        builder.Property(l => l.LastName).HasMaxLength(LeadValidator.MaxNameLength);
        builder.Property(l => l.Company).HasMaxLength(LeadValidator.MaxFieldLength);
        builder.Property(l => l.JobTitle).HasMaxLength(LeadValidator.MaxFieldLength);
        builder.Property(l => l.Phone).HasMaxLength(40);
        builder.Property(l => l.Country).HasMaxLength(100);
        builder.Property(l => l.Industry).HasMaxLength(100);
        builder.Property(l => l.AnnualRevenue).HasPrecision(18, 2);
        builder.Property(l => l.TimeZone).HasMaxLength(64);
        builder.Property(l => l.TimeZoneSource).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.OptIn).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Revision).IsConcurrencyToken();
        builder.Ignore(l => l.DisplayName);
        builder.Ignore(l => l.CanReceiveMarketing);
        builder.Ignore(l => l.CountryUnrecognized);
        builder.Ignore(l => l.Fields);
        builder.Property(l => l.FieldsJson).HasColumnName("Fields");
    }
}
