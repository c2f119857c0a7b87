/// The large page's renderer: draws a restaurant's floor timeline and its lists from the page's
/// `FloorData` block when its section is opened (or a link points into it). It draws what
/// `FloorTimeline.render` and `HTMLReport.section` draw on small days, element for element, so
/// the two pages read the same; a change to one is a change to the other.
///
/// Wrapped in a CDATA section behind JavaScript comments: an HTML parser reads the script as it
/// is, an XML parser reads its `<` and `&` as text, so the page stays well-formed XML.
enum FloorScript {
    static func script(legend: String) -> String {
        "<script>//<![CDATA[\nvar replayLegend = " + FloorData.scriptSafe(Array(jsonString(legend).utf8)) + ";\n"
            + renderer + "\n//]]></script>"
    }

    /// A string as a JSON (and so JavaScript) string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static let renderer = #"""
        (function () {
          'use strict';
          var LABEL = 190, ROW = 22, PER_HOUR = 90;
          var OK = '#2f9e63', BUFFER = '#a8dcbf', HOLD = '#f08c2e', BAD = '#d6336c';
          var data = null;
          function all() {
            if (!data) { data = JSON.parse(document.getElementById('floor-data').textContent); }
            return data;
          }
          function esc(text) {
            return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
          }
          function two(v) { return (v < 10 ? '0' : '') + v; }
          function clock(m) {
            if (m < 0) { return '-' + clock(-m); }
            var days = Math.floor(m / 1440), rest = m % 1440;
            return two(Math.floor(rest / 60)) + ':' + two(rest % 60) + (days > 0 ? '+' + days : '');
          }
          function seconds(s) {
            if (s < 0) { return '-' + seconds(-s); }
            return two(Math.floor(s / 3600)) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
          }
          function percent(part, whole) {
            if (whole <= 0) { return 'n/a'; }
            var points = Math.floor((part * 10000 + Math.floor(whole / 2)) / whole), fraction = points % 100;
            return Math.floor(points / 100) + '.' + (fraction < 10 ? '0' : '') + fraction + '%';
          }
          function counted(n, noun) { return n + ' ' + (n === 1 ? noun : noun + 's'); }
          function useText(minutes, covers, tables, serviceMinutes) {
            return 'seated ' + percent(minutes, serviceMinutes * Math.max(1, tables)) + ' of service time, ' + counted(covers, 'cover');
          }
          // Characters as Swift counts them (grapheme clusters), so labels are cut where the SVG page
          // cuts them and never inside a character.
          var segmenter = typeof Intl === 'object' && Intl.Segmenter ? new Intl.Segmenter() : null;
          function characters(text) {
            return segmenter ? Array.from(segmenter.segment(text), function (part) { return part.segment; }) : Array.from(text);
          }
          function count(text) { return characters(text).length; }
          function prefix(text, length) { return characters(text).slice(0, length).join(''); }
          function cut(id, room) { return count(id) <= room ? id : prefix(id, Math.max(1, room - 1)) + '\u2026'; }
          function neighbourText(neighbours, id) {
            var room = Math.floor(LABEL / 6) - count(id) - 13, shown = [], used = 0;
            for (var i = 0; i < neighbours.length; i++) {
              var rest = neighbours.length - i - 1, cost = count(neighbours[i]) + 1 + (rest > 0 ? 4 : 0);
              if (used + cost > room) { shown.push('+' + (neighbours.length - i)); return shown.join(' '); }
              shown.push(neighbours[i]);
              used += count(neighbours[i]) + 1;
            }
            return shown.join(' ');
          }

          // One restaurant's timeline as SVG: what FloorTimeline.render draws.
          function timeline(r) {
            var first = r.h[0], last = r.h[1];
            function x(m) { return LABEL + Math.trunc((m - first * 60) * PER_HOUR / 60); }
            var rows = [];
            r.z.forEach(function (zone) {
              rows.push({zone: zone});
              zone[3].forEach(function (table) { rows.push({table: table, zone: null, zoneName: zone[0]}); });
            });
            // Each item in the first sub-lane free at its start (FloorTimeline.lanes).
            function lanes(items) {
              var laneOf = [], ends = [];
              items.forEach(function (item) {
                var lane = ends.findIndex(function (end) { return end <= item[0]; });
                if (lane >= 0) { ends[lane] = item[1]; laneOf.push(lane); } else { laneOf.push(ends.length); ends.push(item[1]); }
              });
              return [laneOf, ends.length];
            }
            function ghostLabel(g) { return g[0] + ' on ' + g[1].join('+'); }
            var failureLanes = lanes(r.f.map(function (f) { return [f[4], Math.max(f[5], f[4] + 50)]; })), laneOf = failureLanes[0];
            var ghostLanes = lanes(r.g.map(function (g) { return [g[2], Math.max(g[3], g[2] + Math.trunc((ghostLabel(g).length * 6 + 8) * 60 / PER_HOUR))]; }));
            var failureRows = r.f.length ? 1 + failureLanes[1] : 0, ghostRows = r.g.length ? 1 + ghostLanes[1] : 0;
            var width = x(last * 60) + 36, height = 24 + (rows.length + failureRows + ghostRows) * ROW + 4;
            var minimumWidth = Math.max(760, Math.trunc(width * 7 / 10));
            var out = ['<svg width="' + width + '" height="' + height + '" style="width:100%;min-width:' + minimumWidth + 'px;height:auto" viewBox="0 0 '
              + width + ' ' + height + '" role="img" aria-label="floor timeline of ' + esc(r.s) + '">'];
            r.v.forEach(function (s) {
              out.push('<rect x="' + x(s[1]) + '" y="18" width="' + (x(s[2]) - x(s[1])) + '" height="' + (height - 18) + '" fill="#f3f6fb"><title>'
                + esc(s[0] + ' ' + clock(s[1]) + '-' + clock(s[2])) + '</title></rect><text x="' + (x(s[1]) + 4) + '" y="30" font-size="10" fill="#8a94a3">' + esc(s[0]) + '</text>');
            });
            for (var hour = first; hour <= last; hour++) {
              var at = x(hour * 60);
              out.push('<line x1="' + at + '" x2="' + at + '" y1="14" y2="' + height + '" stroke="#e6e8eb"/><text x="' + (at + 2) + '" y="11" font-size="10" fill="#6b7280">' + two(hour % 24) + ':00</text>');
            }
            var rowOf = new Map();  // a Map: a table named __proto__ or toString is a table like any other
            rows.forEach(function (row, position) {
              var top = 24 + position * ROW;
              if (row.zone) {
                var zone = row.zone;
                out.push('<text x="4" y="' + (top + 15) + '" font-size="11" font-weight="600" fill="#6b7280">ZONE ' + esc(zone[0].toUpperCase())
                  + ' <tspan font-weight="400">\u00b7 ' + useText(zone[1], zone[2], zone[3].length, r.m) + '</tspan></text>'
                  + '<line x1="0" x2="' + width + '" y1="' + (top + ROW - 1) + '" y2="' + (top + ROW - 1) + '" stroke="#d0d4da"/>');
                return;
              }
              var t = row.table, id = t[0], neighbours = t[4], inactive = (t[3] & 1) !== 0, movable = (t[3] & 2) !== 0;
              rowOf.set(id, top);
              var title = id + ': zone ' + row.zoneName + ', ' + t[1] + '-' + t[2] + ' covers' + (movable ? ', movable' : '') + (inactive ? ', inactive' : '')
                + (neighbours.length ? ', adjacent to ' + neighbours.join(', ') : ', no neighbours');
              var filled = r.m > 0 ? Math.min(26, Math.trunc(t[5] * 26 / r.m)) : 0;
              out.push('<text x="8" y="' + (top + 15) + '" font-size="12" fill="' + (inactive ? '#9aa1ab' : '#1f2328') + '">' + esc(id)
                + ' <tspan fill="#6b7280" font-size="11">' + t[1] + '-' + t[2] + (neighbours.length ? ' \u2194 ' + esc(neighbourText(neighbours, id)) : '')
                + '</tspan><title>' + esc(title) + '</title></text>'
                + '<g class="use"><title>' + esc(id + ': ' + useText(t[5], t[6], 1, r.m)) + '</title>'
                + '<rect x="' + (LABEL - 32) + '" y="' + (top + 8) + '" width="26" height="6" rx="2" fill="#eef0f2"/>'
                + '<rect x="' + (LABEL - 32) + '" y="' + (top + 8) + '" width="' + filled + '" height="6" rx="2" fill="' + OK + '"/></g>'
                + '<line x1="' + LABEL + '" x2="' + width + '" y1="' + (top + ROW - 1) + '" y2="' + (top + ROW - 1) + '" stroke="#eef0f2"/>');
            });
            // Holds that never confirmed: dashed outlines.
            r.o.forEach(function (h) {
              var tip = 'hold ' + h[0] + ' of ' + h[1] + ' on ' + h[2].join('+') + ', ' + clock(h[3]) + '-' + clock(h[4]) + ': ' + h[5];
              h[2].forEach(function (table) {
                if (!rowOf.has(table)) { return; }
                out.push('<rect x="' + x(h[3]) + '" y="' + (rowOf.get(table) + 2) + '" width="' + (x(h[4]) - x(h[3])) + '" height="' + (ROW - 5)
                  + '" rx="3" fill="none" stroke="' + HOLD + '" stroke-width="1.5" stroke-dasharray="4 3"><title>' + esc(tip) + '</title></rect>');
              });
            });
            // Assignments: seating and buffer, combinations joined across neighbouring rows.
            r.a.forEach(function (a) {
              var tip = a[0] + ': party ' + a[1] + ', ' + clock(a[2]) + '-' + clock(a[3]) + ' (+' + (a[4] - a[3]) + ' min buffer) on ' + a[5].join('+') + ', '
                + a[6] + ', ' + a[7] + ' quotes' + (a[8] === null ? '' : ', cloned from ' + a[8]);
              var tops = a[5].filter(function (table) { return rowOf.has(table); }).map(function (table) { return rowOf.get(table); }).sort(function (p, q) { return p - q; });
              for (var i = 1; i < tops.length; i++) {
                if (tops[i] - tops[i - 1] !== ROW) { continue; }
                out.push('<rect class="combination" x="' + (x(a[2]) + 1) + '" y="' + (tops[i - 1] + 8) + '" width="5" height="' + ROW + '" fill="' + OK + '"><title>' + esc(tip) + '</title></rect>');
              }
              a[5].forEach(function (table) {
                if (!rowOf.has(table)) { return; }
                var top = rowOf.get(table), left = x(a[2]), seating = x(a[3]) - left, whole = x(a[4]) - left;
                var bar = '<g><title>' + esc(tip) + '</title><rect x="' + left + '" y="' + (top + 3) + '" width="' + whole + '" height="' + (ROW - 7) + '" rx="3" fill="' + BUFFER + '"/>'
                  + '<rect x="' + left + '" y="' + (top + 3) + '" width="' + seating + '" height="' + (ROW - 7) + '" rx="3" fill="' + OK + '"/>';
                if (seating >= 46) {
                  var label = a[0] + '\u00b7' + a[1], room = Math.max(3, Math.trunc((seating - 8) / 6));
                  var shown = count(label) <= room ? label : prefix(a[0], Math.max(1, room - 1 - String(a[1]).length - 1)) + '\u2026\u00b7' + a[1];
                  bar += '<text x="' + (left + 4) + '" y="' + (top + 15) + '" font-size="10.5" fill="#fff">' + esc(shown) + '</text>';
                }
                out.push(bar + '</g>');
              });
            });
            // Places bookings left (an edit that moved, a cancellation): dashed grey outlines over what came later.
            (r.l || []).forEach(function (l) {
              var tip = l[0] + ' ' + (l[5] === 'moved' ? 'moved away from' : 'cancelled on') + ' ' + l[2].join('+') + ', '
                + clock(l[3]) + '-' + clock(l[4]) + ' (' + l[1] + '; run clock ' + seconds(l[6]) + ')';
              l[2].forEach(function (table) {
                if (!rowOf.has(table)) { return; }
                var top = rowOf.get(table), left = x(l[3]), length = Math.max(4, x(l[4]) - left);
                out.push('<g class="left ' + l[5] + '"><title>' + esc(tip) + '</title><rect x="' + left + '" y="' + (top + 1) + '" width="' + length
                  + '" height="' + (ROW - 3) + '" rx="3" fill="#6b7280" fill-opacity="0.12" stroke="#4b5563" stroke-width="1.2" stroke-dasharray="3 2"/>'
                  + '<text x="' + (left + length + 3) + '" y="' + (top + 14) + '" font-size="9.5" fill="#4b5563">' + esc(l[0] + ' ' + l[5]) + '</text></g>');
              });
            });
            // Conflict marks on the row's top edge, linked to the conflict list.
            r.c.forEach(function (c, number) {
              var tip = c[1].replace(/_/g, ' ') + ' for ' + c[2] + ' ' + clock(c[5]) + '-' + clock(c[6]) + ' on ' + c[4].join('+')
                + ' (in the way: ' + (c[3].length ? c[3].join(', ') : 'expired hold') + '; run clock ' + seconds(c[0]) + ')';
              c[4].forEach(function (table) {
                if (!rowOf.has(table)) { return; }
                var center = x(c[5]), middle = rowOf.get(table) + 3;
                out.push('<a href="#c' + number + '-' + r.n + '" class="conflict"><title>' + esc(tip) + '</title><circle cx="' + center + '" cy="' + middle
                  + '" r="4.5" fill="' + BAD + '" stroke="#fff" stroke-width="1"/><path d="M' + (center - 2) + ' ' + (middle - 2) + 'L' + (center + 2) + ' ' + (middle + 2)
                  + 'M' + (center + 2) + ' ' + (middle - 2) + 'L' + (center - 2) + ' ' + (middle + 2) + '" stroke="#fff" stroke-width="1.3"/></a>');
              });
            });
            // The not-seated lane: each failure at the window it asked for, linked to its line.
            if (r.f.length) {
              var laneTop = 24 + rows.length * ROW;
              out.push('<text x="4" y="' + (laneTop + 15) + '" font-size="11" font-weight="600" fill="' + BAD + '">NOT SEATED (' + r.f.length + ')</text>'
                + '<line x1="0" x2="' + width + '" y1="' + (laneTop + ROW - 1) + '" y2="' + (laneTop + ROW - 1) + '" stroke="#d0d4da"/>');
              r.f.forEach(function (f, i) {
                var row = laneTop + (laneOf[i] + 1) * ROW, left = x(f[4]), length = Math.max(4, x(f[5]) - left);
                var tip = f[0] + ': party ' + f[6] + ' asked ' + clock(f[4]) + '-' + clock(f[5]) + ', ' + f[2] + ': ' + f[3]
                  + (f[8] === null ? '' : ' (' + f[8] + ')') + (f[9] === null ? '' : '; blocked by ' + f[9])
                  + (f[10] === null ? '' : '; free but ruled out: ' + f[10]);
                var room = Math.max(3, Math.trunc((Math.max(length, Math.trunc(PER_HOUR * 50 / 60)) - 8) / 6) - String(f[6]).length - 1);
                out.push('<a href="#b-' + f[1] + '" class="failure"><title>' + esc(tip) + '</title><rect x="' + left + '" y="' + (row + 3) + '" width="' + length
                  + '" height="' + (ROW - 7) + '" rx="3" fill="#fde7ef" stroke="' + BAD + '" stroke-width="1.2" stroke-dasharray="4 2"/>'
                  + '<text x="' + (left + 4) + '" y="' + (row + 15) + '" font-size="10.5" fill="#9f1239">' + esc(cut(f[0], room)) + '\u00b7' + f[6] + '</text></a>');
              });
            }
            // The optimal plan's lane: each booking the run did not seat, where the plan seats it, labelled in full.
            if (r.g.length) {
              var planTop = 24 + (rows.length + failureRows) * ROW;
              out.push('<text x="4" y="' + (planTop + 15) + '" font-size="11" font-weight="600" fill="#1d4ed8">OPTIMAL PLAN (' + r.g.length + ')</text>'
                + '<line x1="0" x2="' + width + '" y1="' + (planTop + ROW - 1) + '" y2="' + (planTop + ROW - 1) + '" stroke="#d0d4da"/>');
              r.g.forEach(function (g, i) {
                var row = planTop + (ghostLanes[0][i] + 1) * ROW, left = x(g[2]), length = Math.max(4, x(g[3]) - left), label = ghostLabel(g);
                var tip = g[0] + ': an optimal plan seats it on ' + g[1].join('+') + ', ' + clock(g[2]) + '-' + clock(g[3]) + '; the run did not';
                var fits = left + 4 + label.length * 6 <= width - 4;
                out.push('<g class="ghost"><title>' + esc(tip) + '</title><rect x="' + left + '" y="' + (row + 3) + '" width="' + length + '" height="' + (ROW - 7)
                  + '" rx="3" fill="#dbe7fd" stroke="#2563eb" stroke-width="1.2" stroke-dasharray="4 2"/>'
                  + '<text x="' + (fits ? left + 4 : width - 4) + '" y="' + (row + 15) + '" font-size="10.5" fill="#1d4ed8"' + (fits ? '' : ' text-anchor="end"') + '>'
                  + esc(label) + '</text></g>');
              });
            }
            return out.join('') + '</svg>';
          }

          // The lists beside the timeline: what HTMLReport.unsuccessfulList, conflictList and
          // coverageFindings write.
          function aside(r, d) {
            var out = '';
            if (!r.f.length) {
              out += '<h3>Failed bookings</h3><p>' + (d.final ? 'None.' : 'None before the capture stopped.') + '</p>';
            } else {
              out += '<h3>Failed and refused bookings (' + r.f.length + ')</h3><ul>';
              r.f.forEach(function (f, number) {
                if (number === d.shown) { out += '</ul><details><summary>' + (r.f.length - number) + ' more</summary><ul>'; }
                out += '<li id="b-' + f[1] + '"><b>' + esc(f[0]) + '</b> ' + clock(f[4]) + ' \u00b7 party ' + f[6] + ' \u00b7 ' + counted(f[7], 'quote')
                  + ' <span class="reason">' + esc(f[3]) + '</span>'
                  + (f[9] === null ? '' : '<br/><span class="sub">blocked by ' + esc(f[9]) + '</span>')
                  + (f[10] === null ? '' : '<br/><span class="sub">free but ruled out: ' + esc(f[10]) + '</span>')
                  + (f[8] === null ? '' : '<br/><span class="sub">' + esc(f[8]) + '</span>') + '</li>';
              });
              out += '</ul>' + (r.f.length > d.shown ? '</details>' : '');
            }
            if (r.c.length) {
              out += '<h3>Conflicts (' + r.c.length + ')</h3><ul>';
              r.c.forEach(function (c, number) {
                out += '<li id="c' + number + '-' + r.n + '"><b>' + clock(c[5]) + '-' + clock(c[6]) + '</b> <b>' + esc(c[2]) + '</b> '
                  + esc(c[1].replace(/_/g, ' ')) + ' with <b>' + esc(c[3].length ? c[3].join(', ') : 'an expired hold') + '</b> on ' + esc(c[4].join('+'))
                  + '; ' + esc(c[7]) + ' <span class="sub">(run clock ' + seconds(c[0]) + ': the order events happened in)</span></li>';
              });
              out += '</ul>';
            }
            if (r.p.length || r.u.length) {
              out += '<h3>Coverage findings</h3><ul>';
              r.p.forEach(function (booking) { out += '<li><span class="reason">phantom_unavailable</span> ' + esc(booking) + '</li>'; });
              r.u.forEach(function (offer) { out += '<li><span class="reason">unsound_offer</span> ' + esc(offer[0]) + ' ' + esc(offer[1].join('+')) + '</li>'; });
              out += '</ul>';
            }
            return out;
          }

          function ghostLegend(r) {
            if (!r.g.length && r.x === null) { return ''; }
            return '<p class="sub">' + (r.g.length ? '<span style="display:inline-block;width:14px;height:8px;background:#dbe7fd;border:1px dashed #2563eb;vertical-align:middle"></span>'
              + ' where an optimal plan seats a booking the run did not: ' + r.g.map(function (g) { return esc(g[0]); }).join(', ') + '. ' : '')
              + (r.x === null ? '' : 'An optimal plan ' + esc(r.x) + '.') + '</p>';
          }

          // Draws the section's floor into its folded block, once.
          function draw(details) {
            if (details.getAttribute('data-drawn') === 'yes') { return; }
            var d = all(), r = d.restaurants[Number(details.getAttribute('data-floor'))];
            details.querySelector('.drawn').innerHTML = '<div class="layout"><div class="timeline">' + timeline(r) + replayLegend + ghostLegend(r) + '</div><aside>'
              + aside(r, d) + '</aside></div>';
            details.setAttribute('data-drawn', 'yes');
          }

          // A link into a section not drawn yet (#r-slug, #b-N, #cN-r-slug): open and draw it, then go there.
          function follow() {
            var target;
            try { target = decodeURIComponent(location.hash.slice(1)); } catch (malformed) { return; }
            if (!target || target.indexOf('find=') === 0) { return; }
            var section = null, match = /^c\d+-(r-.*)$/.exec(target), booking = /^b-(\d+)$/.exec(target);
            if (match) { section = document.getElementById(match[1]); }
            else if (booking) {
              all().restaurants.some(function (r, index) {
                if (!r.f.some(function (f) { return String(f[1]) === booking[1]; })) { return false; }
                section = document.querySelector('details.floor[data-floor="' + index + '"]');
                section = section && section.closest('section');
                return true;
              });
            } else { section = document.getElementById(target); }
            var details = section && section.querySelector('details.floor');
            if (!details) { return; }
            draw(details);
            details.open = true;
            var element = document.getElementById(target);
            // A failure folded under "N more" is opened too.
            for (var fold = element && element.closest('details'); fold; fold = fold.parentElement.closest('details')) { fold.open = true; }
            if (element) { element.scrollIntoView(); }
          }

          document.addEventListener('DOMContentLoaded', function () {
            document.querySelectorAll('details.floor').forEach(function (details) {
              details.addEventListener('toggle', function () { if (details.open) { draw(details); } });
              if (details.open) { draw(details); }
            });
            window.addEventListener('hashchange', follow);
            follow();
            document.body.setAttribute('data-floors', 'ready');
          });
        })();
        """#
}
