import Allocation
import Projections

/// Small pieces shared by the HTML pages: escaping, the style sheet, number formatting. Pages
/// are plain string templates: self-contained (inline CSS and SVG, one small inline script, no network) and
/// byte-stable, so `replay report` rewrites them identically.
public enum HTML {
    /// Escapes text for element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func anchor(_ slug: String) -> String {
        "r-" + slug.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// A booking's anchor in the failure lists: by its position in the run, unique whatever its id.
    static func bookingAnchor(_ id: String, in state: RunState) -> String { "b-\(state.bookingPosition(id) ?? 0)" }

    /// The anchor of a restaurant's conflict number `number` (from 0) in its conflict list.
    static func conflictAnchor(_ slug: String, _ number: Int) -> String { "c\(number)-" + anchor(slug) }

    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let colours = (
        confirmed: "#2f9e63", buffer: "#a8dcbf", hold: "#f08c2e", conflict: "#d6336c", changed: "#f5c518",
        grid: "#e6e8eb", text: "#1f2328", muted: "#6b7280"
    )

    static let css = """
        :root{--ok:#2f9e63;--hold:#f08c2e;--bad:#d6336c;--muted:#6b7280;--line:#e6e8eb;--bg:#f7f8fa}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:var(--bg)}
        header{background:#fff;border-bottom:1px solid var(--line);padding:20px 28px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0}h3{font-size:14px;margin:14px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .sub{color:var(--muted);margin:0 0 14px;font-size:13px}
        .banner{background:#fde8e8;border:2px solid #c0392b;color:#7b1d12;padding:10px 14px;border-radius:6px;font-weight:600;margin:0 0 14px}
        .cards{display:flex;flex-wrap:wrap;gap:10px}
        .card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
        .card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}
        .good b{color:var(--ok)}.bad b{color:var(--bad)}
        main{padding:18px 28px 40px;max-width:1500px}
        section.restaurant{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 18px}
        .head{display:flex;align-items:baseline;gap:14px;flex-wrap:wrap;margin-bottom:8px}
        .head .facts{color:var(--muted);font-size:13px}
        .layout{display:flex;gap:18px;align-items:flex-start}
        .timeline{flex:1 1 auto;overflow-x:auto}
        aside{flex:0 0 300px;font-size:13px}
        aside ul{list-style:none;margin:0;padding:0}aside li{padding:3px 0;border-bottom:1px dashed var(--line)}
        .reason{display:inline-block;padding:0 6px;border-radius:10px;background:#fde7ef;color:var(--bad);font-size:12px}
        table.grid{border-collapse:collapse;font-size:13px;margin:6px 0}
        table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left}
        table.grid .n{text-align:right;font-variant-numeric:tabular-nums}
        table.grid th{color:var(--muted);font-weight:600}table.grid tr.bad td{color:var(--bad)}
        nav.index{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px}
        nav.index a{background:#fff;border:1px solid var(--line);border-radius:6px;padding:3px 9px;text-decoration:none;color:#1f2328;font-size:13px}
        nav.index a i{font-style:normal;color:var(--muted);margin-left:4px}
        .bars{display:grid;grid-template-columns:200px 1fr 70px;gap:4px 10px;align-items:center;font-size:13px;max-width:760px}
        .bar{height:12px;border-radius:3px;background:var(--bad)}.bar.ok{background:var(--ok)}
        .legend{display:flex;gap:16px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin:6px 0 0}
        .legend i{display:inline-block;width:18px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        details summary{cursor:pointer;color:var(--muted);font-size:13px;margin-top:10px}
        .pos{color:var(--ok)}.neg{color:var(--bad)}
        svg text{font-family:inherit}
        .filtered{display:none !important}
        .coverage span{margin-right:12px;white-space:nowrap}
        """

    static func percent(_ part: Int, of whole: Int) -> String { Ratio.percentText(part, of: whole) }

    public static func card(_ value: String, _ label: String, tone: String = "") -> String {
        "<div class=\"card \(tone)\"><b>\(escape(value))</b><span>\(escape(label))</span></div>"
    }

    static let legend = """
        <div class="legend"><span><i style="background:#2f9e63"></i>assignment (seating)</span><span><i style="background:#a8dcbf"></i>buffer</span><span><i style="background:#fff;border:2px dashed #f08c2e"></i>hold that never confirmed</span><span><i style="background:#d6336c"></i>conflict</span></div>
        """

    /// Horizontal bars, each `value / total` of the full width (a share or a rate).
    /// `restaurants`: the labels are restaurants, which the search box filters.
    public static func bars(
        _ rows: [(label: String, value: Int, total: Int, text: String)], good: Bool, restaurants: Bool = false
    ) -> String {
        var out = "<div class=\"bars\">"
        for row in rows {
            let width = row.total == 0 ? 0 : row.value * 1000 / row.total
            let bar =
                "<div>\(escape(row.label))</div><div><div class=\"bar\(good ? " ok" : "")\" style=\"width:\(width / 10).\(width % 10)%\"></div></div><div>\(escape(row.text))</div>"
            out +=
                restaurants
                ? "<div style=\"display:contents\" data-restaurant=\"\(escape(row.label))\">\(bar)</div>" : bar
        }
        return out + "</div>"
    }
}
