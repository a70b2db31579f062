using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Scriban.Runtime;

namespace Nurture.Core.Tests.Messaging;

public sealed class TemplateTests
{
    private readonly TemplateRenderer _renderer = new();

    [Fact]
    public void Syntax_error_in_the_body_is_reported_at_its_line_and_column_in_the_file()
    {
        var errors = new List<TemplateError>();

        var template = TemplateStore.Parse("t", "templates/t.html", "---\nsubject: Hi\n---\n<p>one</p>\n<p>{{ for x in }}</p>\n", null, errors);

        Assert.Null(template);
        var error = errors[0];
        Assert.Equal((5, "templates/t.html"), (error.Line, error.File));
        Assert.StartsWith("templates/t.html:5:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_in_the_subject_points_into_the_front_matter()
    {
        var errors = new List<TemplateError>();

        TemplateStore.Parse("t", "templates/t.html", "---\nsubject: Hello {{ if }}\n---\n<p>body</p>", null, errors);

        // "subject: Hello {{ if }}": the parser stops at the "}}" in column 22 of line 2. At least one error
        // must be reported (Assert.All alone passes on an empty list).
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.Equal((2, 22), (error.Line, error.Column)));
    }

    [Fact]
    public void Missing_asset_is_reported_where_the_template_names_it()
    {
        var errors = new List<TemplateError>();

        TemplateStore.Parse("t", "templates/t.html", "---\nsubject: s\n---\n<p>\n  <a href=\"{{ asset_url 'gone.pdf' }}\">x</a></p>", null, errors, new TemplateChecks { AssetExists = name => name == "here.pdf" });

        var error = Assert.Single(errors);
        Assert.Equal("templates/t.html:5:15: asset 'gone.pdf' does not exist in assets/.", error.ToString());
    }

    [Fact]
    public void Template_without_a_subject_is_refused()
    {
        var errors = new List<TemplateError>();

        Assert.Null(TemplateStore.Parse("t", "templates/t.html", "<p>no front matter</p>", null, errors));
        Assert.Contains(errors, e => e.Message.Contains("subject", StringComparison.Ordinal));
    }

    [Fact]
    public void Lead_values_are_html_encoded_in_html_and_raw_in_text()
    {
        var lead = new Lead { Email = "x@example.com", FirstName = "<img src=x onerror=alert(1)>", Company = "Fish & Chips" };
        var template = Parse("---\nsubject: {{ lead.first_name }}\n---\n<p>{{ lead.first_name }} at {{ lead.company }}</p>");

        var html = _renderer.Render(template.Html, new ScriptObject { ["lead"] = EmailModelBuilder.LeadObject(lead, htmlEncode: true) }, template.File);
        var subject = _renderer.Render(template.Subject, new ScriptObject { ["lead"] = EmailModelBuilder.LeadObject(lead, htmlEncode: false) }, template.File);

        Assert.Equal("<p>&lt;img src=x onerror=alert(1)&gt; at Fish &amp; Chips</p>", html);
        Assert.Equal("<img src=x onerror=alert(1)>", subject);
    }

    [Theory]
    [InlineData("{{ object.eval '1 + 1' }}")]
    [InlineData("{{ object.eval_template '{{ 1 }}' }}")]
    public void Eval_is_not_available(string body)
    {
        var template = Parse($"---\nsubject: s\n---\n{body}");

        var error = Assert.Throws<TemplateRenderException>(() => _renderer.Render(template.Html, new ScriptObject(), template.File));
        Assert.StartsWith("templates/t.html:1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ date.format = '%Y' }}")]
    [InlineData("{{ date.now = 'frozen' }}")]
    [InlineData("{{ string.upcase = 'gone' }}")]
    [InlineData("{{ math = 'gone' }}")]
    public void A_template_cannot_change_the_builtins_another_render_uses(string assignment)
    {
        var reader = Parse("---\nsubject: s\n---\n{{ date.parse '2026-03-04' }} {{ 'a' | string.upcase }} {{ 2 | math.times 3 }}");
        var before = _renderer.Render(reader.Html, new ScriptObject(), reader.File);

        var writer = Parse($"---\nsubject: s\n---\n{assignment}");
        try
        {
            _renderer.Render(writer.Html, new ScriptObject(), writer.File);
        }
        catch (TemplateRenderException)
        {
            // Refused outright is fine too: what matters is that nothing changed for the next render.
        }

        Assert.Equal("04 Mar 2026 A 6", before);
        Assert.Equal(before, _renderer.Render(reader.Html, new ScriptObject(), reader.File));
        Assert.Equal(before, new TemplateRenderer().Render(reader.Html, new ScriptObject(), reader.File));
    }

    [Fact]
    public void Runaway_loop_hits_the_loop_limit()
    {
        var template = Parse("---\nsubject: s\n---\n{{ for i in 1..100000 }}x{{ end }}");

        Assert.Throws<TemplateRenderException>(() => _renderer.Render(template.Html, new ScriptObject(), template.File));
    }

    private static EmailTemplate Parse(string source)
    {
        var errors = new List<TemplateError>();
        return TemplateStore.Parse("t", "templates/t.html", source, null, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }
}
