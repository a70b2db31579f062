using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nurture.Core.Configuration;

/// <summary>
/// An options class that says what is wrong with its own values: each problem names the setting and the
/// value it got (<c>Journeys:SweepWorkers must be between 1 and 16 (got 0).</c>), so a bad setting stops the
/// start-up instead of surfacing at the first send.
/// </summary>
public interface ISelfValidatingOptions
{
    IEnumerable<string> Problems();
}

public sealed class SelfValidation<T> : IValidateOptions<T> where T : class, ISelfValidatingOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class ValidatedOptionsRegistration
{
    /// <summary>Binds the section and validates it when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, ISelfValidatingOptions
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<T>(configuration.GetSection(section));
        services.AddSingleton<IValidateOptions<T>, SelfValidation<T>>();
        services.AddOptions<T>().ValidateOnStart();
        return services;
    }

    /// <summary>An absolute http or https address (a public base URL, a webhook target, a link worth following).</summary>
    public static bool IsHttpUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
