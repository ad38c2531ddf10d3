#!/usr/bin/env python3
"""The study's best version ("Optimización #1"), rebuilt from ../shared/docs/original-study.md.

Downloads {BASE_URL}/{i:03d}.png for i in 1..N with a ThreadPoolExecutor of 40 workers and
requests.get, then transforms each image in a ProcessPoolExecutor of 8 workers with the study's
Pillow code (the same steps as ../shared/bench/pillow_baseline.py). tqdm's bars are left out: they
only draw. Needs Pillow 12.3.0 and requests (see benchmarks/study/README.md).

    python3 opt1.py BASE_URL [--count 150] [--work-dir DIR]

Prints one JSON line: download, process and total seconds, as the study's table has them.
"""
import argparse, json, os, tempfile, time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

import requests
from PIL import Image, ImageEnhance, ImageFilter, ImageOps


def download_single_pokemon(args):
    i, dir_name, base_url = args
    file_name = f'{i:03d}.png'
    response = requests.get(f'{base_url}/{file_name}')
    response.raise_for_status()
    with open(os.path.join(dir_name, file_name), 'wb') as f:
        f.write(response.content)


def process_single_image(args):
    image, dir_origin, dir_name = args
    with Image.open(os.path.join(dir_origin, image)) as img:
        img = img.convert('RGB')
        img = img.filter(ImageFilter.GaussianBlur(radius=10))
        img = ImageEnhance.Contrast(img).enhance(1.5)
        img = img.filter(ImageFilter.EDGE_ENHANCE_MORE)
        img_inv = ImageOps.invert(img)
        img_inv = img_inv.filter(ImageFilter.GaussianBlur(radius=5))
        width, height = img_inv.size
        img_inv = img_inv.resize((width * 2, height * 2), Image.LANCZOS)
        img_inv = img_inv.resize((width, height), Image.LANCZOS)
    img_inv.save(os.path.join(dir_name, image), quality=95, optimize=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('base_url')
    ap.add_argument('--count', type=int, default=150)
    ap.add_argument('--work-dir')
    a = ap.parse_args()
    work = a.work_dir or tempfile.mkdtemp(prefix='opt1-')
    raw, out = os.path.join(work, 'pokemon_dataset'), os.path.join(work, 'processed')
    os.makedirs(raw, exist_ok=True)
    os.makedirs(out, exist_ok=True)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=40) as executor:
        futures = [executor.submit(download_single_pokemon, (i, raw, a.base_url)) for i in range(1, a.count + 1)]
        for future in as_completed(futures):
            future.result()
    t1 = time.perf_counter()
    images = sorted(os.listdir(raw))
    with ProcessPoolExecutor(max_workers=8) as executor:
        futures = [executor.submit(process_single_image, (image, raw, out)) for image in images]
        for future in as_completed(futures):
            future.result()
    t2 = time.perf_counter()
    print(json.dumps({'images': len(images), 'download_s': round(t1 - t0, 3),
                      'process_s': round(t2 - t1, 3), 'total_s': round(t2 - t0, 3)}))


if __name__ == '__main__':
    main()
