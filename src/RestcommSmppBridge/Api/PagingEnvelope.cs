using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace RestcommSmppBridge.Api;

/// <summary>
/// Restcomm's paging metadata of a list (restcomm.md §1.8), shared by SMS messages and incoming phone numbers.
/// Every quirk is kept for Restcomm clients: <c>num_pages</c> is total / page size in integer division (really the
/// index of the last page), <c>start</c>/<c>end</c> are strings, missing links are the string <c>"null"</c>, and on
/// the last page <c>end</c> is start + count (one past the last item) while on other pages it is inclusive.
/// </summary>
/// <param name="Page">0-based page index.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">Matching items over all pages.</param>
/// <param name="Count">Items on this page.</param>
/// <param name="LastSid">Sid of the last item on this page, for <c>AfterSid</c>; null when the page is empty.</param>
/// <param name="PathUri">The request path, which every link repeats with new query parameters.</param>
internal readonly record struct PagingEnvelope(int Page, int PageSize, int Total, int Count, string? LastSid, string PathUri)
{
    /// <summary>The <c>num_pages</c> value, also the highest page index a request may ask for.</summary>
    public int LastPage => LastPageIndex(Total, PageSize);

    public static int LastPageIndex(int total, int pageSize) => total / pageSize;

    public string Start => (Page * PageSize).ToString(CultureInfo.InvariantCulture);

    public string End => (Page == LastPage ? (Page * PageSize) + Count : (Page * PageSize) + PageSize - 1)
        .ToString(CultureInfo.InvariantCulture);

    public string FirstPageUri => PageUri(0);

    public string PreviousPageUri => Page == 0 ? "null" : PageUri(Page - 1);

    public string NextPageUri => Page == LastPage || LastSid is null ? "null" : PageUri(Page + 1) + "&AfterSid=" + LastSid;

    public string LastPageUri => PageUri(LastPage);

    /// <summary>Writes the metadata members, in Restcomm's order, into the current JSON object.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteNumber("page", Page);
        writer.WriteNumber("num_pages", LastPage);
        writer.WriteNumber("page_size", PageSize);
        writer.WriteNumber("total", Total);
        writer.WriteString("start", Start);
        writer.WriteString("end", End);
        writer.WriteString("uri", PathUri);
        writer.WriteString("first_page_uri", FirstPageUri);
        writer.WriteString("previous_page_uri", PreviousPageUri);
        writer.WriteString("next_page_uri", NextPageUri);
        writer.WriteString("last_page_uri", LastPageUri);
    }

    /// <summary>
    /// Writes the metadata as attributes of the current XML element, with Restcomm's attribute names (used by the
    /// phone number list; <c>total</c> is the real total, where Restcomm wrote the page count by mistake).
    /// </summary>
    public void WriteXmlAttributes(XmlWriter writer)
    {
        writer.WriteAttributeString("page", Page.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("numpages", LastPage.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("pagesize", PageSize.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("total", Total.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("start", Start);
        writer.WriteAttributeString("end", End);
        writer.WriteAttributeString("uri", PathUri);
        writer.WriteAttributeString("firstpageuri", FirstPageUri);
        writer.WriteAttributeString("previouspageuri", PreviousPageUri);
        writer.WriteAttributeString("nextpageuri", NextPageUri);
        writer.WriteAttributeString("lastpageuri", LastPageUri);
    }

    private string PageUri(int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{PathUri}?Page={page}&PageSize={PageSize}");
}
