using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Nurture.Core.Data;

namespace Nurture.Data.Sqlite;

/// <summary>Lets dotnet-ef build the model for this provider without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NurtureDbContext>
{
    public NurtureDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NurtureDbContext>().UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name)).Options);
}
