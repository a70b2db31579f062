namespace Nurture.Core.Content;

public enum TouchKind
{
    Download,
    PageView,
    Video,

    /// <summary>Seconds the page stayed visible: engagement, not a consumption of its own (its page view is).</summary>
    TimeOnPage,
}

/// <summary>
/// One human signal that may be a piece of content consumed: a download names its asset; a page view or video
/// progress names it when the page declares it (<c>nurture-asset</c>), or by its address (<see cref="Url"/>, the landing page).
/// </summary>
public sealed record ContentTouch(TouchKind Kind, string? Asset, string? Url, DateTimeOffset At, int? Percent = null, int? Seconds = null)
{
    /// <summary>Whether it consumed the asset it is about (a download, a view of its page, some of its video).</summary>
    public bool Consumes => Kind != TouchKind.TimeOnPage;
}
