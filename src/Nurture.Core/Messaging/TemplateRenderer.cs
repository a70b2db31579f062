using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Nurture.Core.Messaging;

/// <summary>
/// Renders templates against plain <see cref="ScriptObject"/> models (never .NET objects), with
/// <c>object.eval</c> removed and loop, recursion, output and time limits: Scriban is not a sandbox.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly ScriptObject Builtins = CreateBuiltins();

    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(2);

    public string Render(Template template, ScriptObject model, string file, ITemplateLoader? partials = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(model);
        using var budget = new CancellationTokenSource(Budget);
        var context = new TemplateContext(Builtins)
        {
            LoopLimit = 1_000,
            RecursiveLimit = 20,
            ObjectRecursionLimit = 20,
            LimitToString = 100_000,
            OutputLimit = 1_000_000,
            RegexTimeOut = TimeSpan.FromMilliseconds(200),
            StrictVariables = false,
            TemplateLoader = partials,
            MemberFilter = _ => false,
            CancellationToken = budget.Token,
        };
        context.PushGlobal(model);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateRenderException($"{file}:{e.Span.Start.Line + 1}:{e.Span.Start.Column + 1}: {e.OriginalMessage}", e);
        }
        catch (OperationCanceledException e)
        {
            throw new TemplateRenderException($"{file}: rendering took longer than {Budget.TotalSeconds:0.#} s and was stopped.", e);
        }
    }

    private static ScriptObject CreateBuiltins()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        if (builtins["object"] is ScriptObject objectFunctions)
        {
            // eval runs arbitrary template text built from data: a template-injection door.
            objectFunctions.Remove("eval");
            objectFunctions.Remove("eval_template");
        }
        // One set of builtins serves every render, on every thread: a template that assigned to it
        // ({{ date.format = … }}) would change the emails rendered after it. Read-only, it cannot.
        foreach (var functions in builtins.Values.OfType<ScriptObject>())
            functions.IsReadOnly = true;
        builtins.IsReadOnly = true;
        return builtins;
    }
}

public sealed class TemplateRenderException(string message, Exception? inner) : Exception(message, inner);
