using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nurture.Server.Tests.Accounts;

/// <summary>A browser-like client: cookies kept, no API key, the antiforgery token sent on changes (unless told not to).</summary>
public sealed class SessionClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public SessionClient(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public HttpClient Http => _http;

    /// <summary>The client with the current antiforgery token in every request, as the web app sends it.</summary>
    public HttpClient WithToken()
    {
        _http.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        _http.DefaultRequestHeaders.Add("X-XSRF-TOKEN", _token);
        return _http;
    }

    public async Task RefreshTokenAsync()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("/api/account/antiforgery");
        _token = body.GetProperty("token").GetString();
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        await RefreshTokenAsync();
        var response = await SendAsync(HttpMethod.Post, "/api/account/login", new { email, password });
        await RefreshTokenAsync(); // the token is bound to the user
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withToken = true, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (withToken)
            request.Headers.Add("X-XSRF-TOKEN", token ?? _token);
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
