namespace Nurture.Core.Tests.Architecture;

/// <summary>
/// Core's unit tests mirror src/Nurture.Core: the tests of Links/TokenSigner are in Links/. A test folder that
/// names no folder of Core is a test kept where a reader of the code will not look for it.
/// </summary>
public sealed class TestLayoutTests
{
    [Fact]
    public void Every_test_folder_names_a_folder_of_core()
    {
        var tests = Path.Combine(Repository.Root, "tests", "Nurture.Core.Tests");
        var core = Path.Combine(Repository.Root, "src", "Nurture.Core");
        string[] ownFolders = ["bin", "obj", "Architecture"]; // build output, and the tests of the tree itself

        var folders = Directory.EnumerateDirectories(tests, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(tests, d))
            .Where(d => !ownFolders.Contains(d.Split(Path.DirectorySeparatorChar)[0]))
            .ToList();

        Assert.NotEmpty(folders);
        Assert.All(folders, folder => Assert.True(Directory.Exists(Path.Combine(core, folder)), $"tests/Nurture.Core.Tests/{folder} names no folder of src/Nurture.Core"));
    }
}
