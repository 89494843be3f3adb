# Regenerates web/static/favicon.ico: python3 web/tools/favicon.py (writes favicon.ico and favicon.png in the current directory).
# Draws Lumbung's 32x32 icon (a granary: gold roof, brown walls, on green)
# and writes it as a PNG-in-ICO file.
import struct, zlib
W=H=32
green=(47,110,63,255); gold=(230,170,40,255); wall=(120,72,36,255); door=(60,36,18,255); clear=(0,0,0,0)
px=[[clear]*W for _ in range(H)]
for y in range(H):
    for x in range(W):
        # rounded green tile
        cx,cy=min(x,W-1-x),min(y,H-1-y)
        if cx+cy>=3: px[y][x]=green
for y in range(5,16):          # roof: a triangle
    half=(y-5)*1.25+1
    for x in range(W):
        if abs(x-15.5)<=half: px[y][x]=gold
for y in range(16,27):         # walls on stilts
    for x in range(8,24): px[y][x]=wall
for y in range(20,27):
    for x in range(14,18): px[y][x]=door
for y in range(27,30):
    for x in (9,10,21,22): px[y][x]=wall
raw=b''.join(b'\x00'+bytes(c for p in row for c in p) for row in px)
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
png=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',W,H,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
ico=struct.pack('<HHH',0,1,1)+struct.pack('<BBBBHHII',W,H,0,0,1,32,len(png),22)+png
open('favicon.ico','wb').write(ico); open('favicon.png','wb').write(png)
