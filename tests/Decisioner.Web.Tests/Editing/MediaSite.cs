using Decisioner.Tests;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// The one site the upload tests share, over a copy of the shipped content that has no <c>media/</c> folder
/// when the site starts, with the image limit set to <see cref="Limit"/> bytes. The classes that use it are one
/// collection, so their tests run one after another on it, as the tests of one class do.
/// </summary>
public sealed class MediaSite : IDisposable
{
    public const string Collection = "Media upload site";

    public const int Limit = 4096;

    public MediaSite()
    {
        Content = TempContent.CopyOfShipped();
        Directory.Exists(Path.Combine(Content.Root, "media")).Should().BeFalse("the site starts without a media folder");
        Factory = new SiteFactory(Content.Root, new Dictionary<string, string> { ["Editor:MaxImageBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    internal TempContent Content { get; }

    public SiteFactory Factory { get; }

    public string Media => Path.Combine(Content.Root, "media");

    /// <summary>The names of the files in <c>media/</c>, in order; none when the folder is missing.</summary>
    public List<string> MediaFiles() =>
        Directory.Exists(Media) ? [.. Directory.GetFiles(Media).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    public void Dispose()
    {
        Factory.Dispose();
        Content.Dispose();
    }
}

[CollectionDefinition(MediaSite.Collection)]
public sealed class MediaSiteCollection : ICollectionFixture<MediaSite>;
