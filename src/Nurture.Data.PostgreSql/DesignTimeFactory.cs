using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Nurture.Core.Data;

namespace Nurture.Data.PostgreSql;

/// <summary>Lets dotnet-ef build the model for this provider without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NurtureDbContext>
{
    public NurtureDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NurtureDbContext>().UseNpgsql("Host=localhost;Database=nurture", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name)).Options);
}
