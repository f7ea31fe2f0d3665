/**
 * Builds the project's own compact province boundaries for the dashboard maps:
 *
 *   reference/geo/provinces-post2025.json   34 provinces of the current map, GeoJSON, `id` = province code
 *
 * from ../shared/data/geo/vn_34_provinces_2025_thanglequoc.geojson (MIT, see reference/geo/SOURCES.md):
 * each ring simplified (Douglas–Peucker, ~300 m) and rounded to 3 decimals (~100 m), which is plenty for
 * a choropleth of provinces. Islands too small to simplify are kept as they are: the archipelagos
 * (Hoàng Sa, Trường Sa) are part of the provinces' territory and stay on every map.
 *
 * Run: npx tsx scripts/build-geo.ts   (or npm run reference:geo)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Point = [number, number];
type Ring = Point[];
type Polygon = Ring[];
interface SourceFeature {
  id?: string;
  properties: { code: string; name: string; nameEn?: string };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.YTCS_SHARED_DIR ?? path.join(projectRoot, '..', 'shared', 'data'));
const SOURCE = 'geo/vn_34_provinces_2025_thanglequoc.geojson';
const OUT = path.join(projectRoot, 'reference', 'geo', 'provinces-post2025.json');
const TOLERANCE = 0.003; // degrees, ~300 m
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Perpendicular distance from p to the segment a–b (in degrees; fine at this scale). */
function distance(p: Point, a: Point, b: Point): number {
  const [x, y] = p;
  const [x1, y1] = a;
  const [x2, y2] = b;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len)) : 0;
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/** Douglas–Peucker, iterative (rings have tens of thousands of points). */
export function simplify(points: Ring, tolerance: number): Ring {
  if (points.length < 4) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = distance(points[i]!, points[first]!, points[last]!);
      if (d > worst) {
        worst = d;
        index = i;
      }
    }
    if (index >= 0 && worst > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function compactRing(ring: Ring): Ring {
  let out = simplify(ring, TOLERANCE).map(([x, y]) => [round(x), round(y)] as Point);
  out = out.filter((p, i) => i === 0 || p[0] !== out[i - 1]![0] || p[1] !== out[i - 1]![1]);
  // An island smaller than the tolerance: keep its own shape, rounded.
  if (out.length < 4) out = ring.map(([x, y]) => [round(x), round(y)] as Point);
  return out;
}

function main() {
  const source = JSON.parse(readFileSync(path.join(sharedDir, SOURCE), 'utf8')) as {
    features: SourceFeature[];
  };
  let before = 0;
  let after = 0;
  const features = source.features
    .map((f) => {
      const polygons = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates];
      const coordinates = polygons.map((poly) =>
        poly.map((ring) => {
          const out = compactRing(ring);
          before += ring.length;
          after += out.length;
          return out;
        }),
      );
      return {
        type: 'Feature',
        id: f.properties.code,
        properties: { code: f.properties.code, name: f.properties.name, nameEn: f.properties.nameEn ?? null },
        geometry: { type: 'MultiPolygon', coordinates },
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  if (features.length !== 34) throw new Error(`expected 34 provinces, found ${features.length}`);
  mkdirSync(path.dirname(OUT), { recursive: true });
  const text = JSON.stringify({
    type: 'FeatureCollection',
    $comment:
      'ytcs province boundaries (current map), simplified from thanglequoc/vietnamese-provinces-database (MIT); see SOURCES.md',
    features,
  });
  writeFileSync(OUT, text + '\n');
  console.log(
    `${features.length} provinces, ${before.toLocaleString()} → ${after.toLocaleString()} points, ${(text.length / 1024).toFixed(0)} KB → ${path.relative(projectRoot, OUT)}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
