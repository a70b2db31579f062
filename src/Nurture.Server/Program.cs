using Nurture.Server;

var app = NurtureServer.Build(args);
await app.RunAsync();

/// <summary>Entry point; exposed for tests that host the real server.</summary>
public partial class Program;
