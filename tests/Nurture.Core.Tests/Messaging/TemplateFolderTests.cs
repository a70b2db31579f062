using Nurture.Core.Messaging;
using Scriban.Runtime;

namespace Nurture.Core.Tests.Messaging;

/// <summary>A templates/ folder with layouts and partials, loaded, rendered and saved as the server does.</summary>
public sealed class TemplateFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nurture-template-tests", Guid.NewGuid().ToString("N"));
    private readonly string _folder;
    private readonly TemplateStore _store = new();

    public TemplateFolderTests()
    {
        _folder = Path.Combine(_root, "templates");
        Write("layouts/base.html", "<html><head><title>{{ subject }}</title><style>.note { color: #c00; }</style></head><body><main>{{ content }}</main>{{ include 'footer' }}</body></html>");
        Write("layouts/base.txt", "{{ content }}\n--\n{{ include 'footer' }}");
        Write("partials/footer.html", "<p class=\"note\">Sent to {{ lead.first_name }}</p>");
        Write("partials/footer.txt", "Sent to {{ lead.first_name }}");
        Write("secret.txt", "not a template");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Template_renders_inside_its_layout_with_partials_preheader_and_both_parts()
    {
        Write("hello.html", "---\nsubject: Hi {{ lead.first_name }}\npreheader: A short note for {{ lead.first_name }}\nlayout: base\ntopic: news\n---\n<p>Body for {{ lead.first_name }}</p>");
        Write("hello.txt", "Body for {{ lead.first_name }}");
        _store.Load(_folder, new TemplateChecks { TopicExists = t => t == "news" });
        Assert.Empty(_store.Errors);
        var template = _store.Get("hello");
        Assert.Equal(("base", "news"), (template.Layout, template.Topic));

        var email = Render(template, "Ada & <Co>");

        Assert.Equal("Hi Ada & <Co>", email.Subject);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(email.Html);
        var preheader = document.Body!.FirstElementChild!;
        Assert.Equal("A short note for Ada & <Co>", preheader.TextContent);
        Assert.Contains("display:none", preheader.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("Body for Ada & <Co>", document.QuerySelector("main p")!.TextContent);
        // The partial's class got its CSS inlined, and the title is the encoded subject.
        Assert.Contains("color", document.QuerySelector("p.note")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("Hi Ada & <Co>", document.Title);
        Assert.Equal("Body for Ada & <Co>\n--\nSent to Ada & <Co>", email.Text.ReplaceLineEndings("\n").Trim());
        Assert.Empty(email.Warnings);
    }

    [Fact]
    public void Plain_text_is_generated_from_the_html_when_none_is_authored()
    {
        Write("only-html.html", "---\nsubject: s\n---\n<h1>Title</h1><p>First <a href=\"https://example.com/x\">link</a>.</p><ul><li>one</li><li>two</li></ul>");
        _store.Load(_folder);

        var text = Render(_store.Get("only-html"), "Ada").Text;

        Assert.Contains("Title", text, StringComparison.Ordinal);
        Assert.Contains("https://example.com/x", text, StringComparison.Ordinal);
        Assert.Contains("one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("../secret")]
    [InlineData("/etc/passwd")]
    public void Include_of_anything_but_a_loaded_partial_is_refused_where_it_is_written(string name)
    {
        Write("bad.html", $"---\nsubject: s\n---\n<p>\n  {{{{ include '{name}' }}}}</p>");
        _store.Load(_folder);

        Assert.False(_store.Exists("bad"));
        var error = Assert.Single(_store.Errors);
        Assert.Equal($"templates/bad.html:5:6: partial '{name}' does not exist in templates/partials/.", error.ToString());
    }

    [Fact]
    public void Include_built_at_render_time_cannot_escape_the_partials_either()
    {
        // The name is computed, so load-time checks cannot see it; the loader still only knows partials.
        Write("sneaky.html", "---\nsubject: s\n---\n{{ name = '../sec' + 'ret' }}{{ include name }}");
        _store.Load(_folder);

        var error = Assert.Throws<TemplateRenderException>(() => Render(_store.Get("sneaky"), "Ada"));
        Assert.Contains("partial '../secret' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_layout_topic_or_front_matter_key_is_reported_on_its_line()
    {
        Write("wrong.html", "---\nsubject: s\nlayout: nope\ntopic: sports\ncolour: red\n---\n<p>x</p>");
        _store.Load(_folder, new TemplateChecks { TopicExists = t => t == "news" });

        Assert.Equal(
            [
                "templates/wrong.html:5:1: unknown front matter key 'colour' (expected subject, preheader, layout, topic).",
                "templates/wrong.html:3:9: layout 'nope' does not exist in templates/layouts/.",
                "templates/wrong.html:4:8: topic 'sports' is not configured (Email:Topics).",
            ],
            _store.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Html_over_gmails_clipping_size_gets_a_warning()
    {
        Write("long.html", "---\nsubject: s\n---\n" + string.Concat(Enumerable.Range(1, 2200).Select(i => $"<p>Paragraph {i} of a very long newsletter.</p>")));
        _store.Load(_folder);

        var email = Render(_store.Get("long"), "Ada");

        Assert.Contains(email.Warnings, w => w.Contains("Gmail clips", StringComparison.Ordinal));
    }

    [Fact]
    public void An_edit_with_an_error_is_reported_where_it_is_and_a_valid_one_loads_with_its_text_part()
    {
        Write("editable.html", "---\nsubject: Old\n---\n<p>old</p>");
        _store.Load(_folder);

        Assert.Null(_store.Check("editable", "---\nsubject: New\n---\n<p>{{ if }}</p>", null, out var errors));
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("templates/editable.html:4:", e.ToString(), StringComparison.Ordinal));
        Assert.Equal("Old", Render(_store.Get("editable"), "Ada").Subject);

        Assert.NotNull(_store.Check("editable", "---\nsubject: New\n---\n<p>new</p>", "new", out errors));
        Assert.Empty(errors);
        var files = new Dictionary<string, string>(_store.Files);
        foreach (var (file, content) in TemplateStore.FilesOf("editable", "---\nsubject: New\n---\n<p>new</p>", "new"))
            files[file] = content!;
        _store.Load(files);
        Assert.Equal("New", Render(_store.Get("editable"), "Ada").Subject);
        Assert.Equal("new", _store.Source("editable")!.Value.Text);
    }

    [Fact]
    public void Names_that_could_leave_the_folder_are_refused()
    {
        _store.Load(_folder);

        Assert.Null(_store.Check("../escape", "---\nsubject: s\n---\nx", null, out var errors));

        Assert.Contains("lower-case letters", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.Null(_store.Source("../escape"));
    }

    private RenderedEmail Render(EmailTemplate template, string firstName) =>
        new EmailRenderer(_store, new TemplateRenderer()).Render(template, html => new ScriptObject
        {
            ["lead"] = EmailModelBuilder.LeadObject(new Core.Leads.Lead { Email = "ada@example.com", FirstName = firstName }, html),
        });

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
