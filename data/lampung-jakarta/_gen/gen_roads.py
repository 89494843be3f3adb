import json, math, os, sys
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from net import J, R, F
import fit as fitmod
SHARED=os.environ.get('SHARED',os.path.join(os.path.dirname(os.path.abspath(__file__)),'../../../../shared/data/lampung-jakarta'))
import os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..')+os.sep
def hav(a,b):
    R_=6371008.8; la1,la2=math.radians(a[1]),math.radians(b[1]); dla=la2-la1; dlo=math.radians(b[0]-a[0])
    h=math.sin(dla/2)**2+math.cos(la1)*math.cos(la2)*math.sin(dlo/2)**2
    return 2*R_*math.asin(math.sqrt(min(1,h)))
def L(ls): return sum(hav(ls[i-1],ls[i]) for i in range(1,len(ls)))
# land polygons (original, unsimplified)
polys=[]
for code in ('18','31','36'):
    g=json.load(open(os.path.join(SHARED,'admin','province_%s.geojson'%code)))['features'][0]['geometry']
    for P in (g['coordinates'] if g['type']=='MultiPolygon' else [g['coordinates']]):
        polys.append(P[0])
bbs=[(min(p[0] for p in r),min(p[1] for p in r),max(p[0] for p in r),max(p[1] for p in r)) for r in polys]
def pip(pt,ring):
    x,y=pt;c=False
    for i in range(len(ring)):
        x1,y1=ring[i-1];x2,y2=ring[i]
        if (y1>y)!=(y2>y) and x<(x2-x1)*(y-y1)/(y2-y1)+x1: c=not c
    return c
def onland(pt):
    return any(bb[0]<=pt[0]<=bb[2] and bb[1]<=pt[1]<=bb[3] and pip(pt,r) for r,bb in zip(polys,bbs))
def sumsel(pt): # outside the three provinces, north of Lampung (South Sumatra) – not checked
    return pt[1]>-4.6 and pt[0]<105.95 and not onland(pt)
feats=[]; ids=set(); bad=[]
for jid,(name,kind,lon,lat,approx,src) in J.items():
    p=(lon,lat)
    if not onland(p) and not sumsel(p): bad.append(('junction',jid,p))
    feats.append({'type':'Feature','id':jid,'geometry':{'type':'Point','coordinates':[lon,lat]},
      'properties':{'kind':kind,'name':name,'approximate':approx,'source':src}})
roads=[]
used=set()
# Resolve every path to (junction id or None, point) entries.
paths={}
for rd in R:
    ents=[]
    for t in rd['path']:
        if isinstance(t,str):
            assert t in J, t
            ents.append((t,(J[t][2],J[t][3])))
        else: ents.append((None,t))
    paths[rd['prefix']]=ents
def span(prefix,a,b):
    ents=paths[prefix]; toks=[e[0] for e in ents]
    i,k=toks.index(a),toks.index(b)
    assert i<k,(prefix,a,b)
    return i,k
def span_pts(prefix,a,b):
    i,k=span(prefix,a,b); return [e[1] for e in paths[prefix][i:k+1]]
land=lambda q: onland(q) or sumsel(q)
fitnotes={}
print('fits:')
for f in F:
    base=[span_pts(*sp) for sp in f['spans']]
    fixed=sum(fitmod.length(span_pts(*sp)) for sp in f['fixed'])
    total=lambda r: fixed+sum(fitmod.length(fitmod.meander(b,r,land)) for b in base)
    before=total(0)
    r=fitmod.solve(total,f['km']*1000)
    for sp,b in zip(f['spans'],base):
        i,k=span(*sp)
        m=fitmod.meander(b,r,land)
        ents=[(None,p) for p in m]
        for j,v in enumerate(fitmod.vertex_index(b,r)):
            ents[v]=paths[sp[0]][i+j]
        paths[sp[0]][i:k+1]=ents
        fitnotes.setdefault(sp[0],[]).append((sp[1],sp[2],'%s – %s measures %.1f km: %s'%(sp[1],sp[2],f['km'],f['src']) if len(f['spans'])==1 and not f['fixed'] else 'it fits %s'%f['src']))
    print('  %-70.70s %6.1f -> %6.1f km (published %.1f, r=%.3f)'%(f['src'],before/1000,total(r)/1000,f['km'],r))
def notes_for(prefix,a,b):
    toks=[t for t,_ in paths[prefix] if t is not None]
    ns=[n for x,y,n in fitnotes.get(prefix,[]) if toks.index(x)<=toks.index(a) and toks.index(b)<=toks.index(y)]
    return FITSRC%'; '.join(ns) if ns else ''
FITSRC='; shape: bends between the hand-placed vertices added by _gen/fit.py (a regular zigzag, approximate, not traced) so that %s'
for rd in R:
    secs=[]; cur=None; pts=[]
    for t,pt in paths[rd['prefix']]:
        if t is not None:
            used.add(t)
            if cur is None: cur=t; pts=[pt]
            else:
                pts.append(pt); secs.append((cur,t,pts)); cur=t; pts=[pt]
        else: pts.append(pt)
    lens=[L(s[2]) for s in secs]; tot=sum(lens)
    for (a,b,pts),ln in zip(secs,lens):
        rid='%s:%s>%s'%(rd['prefix'],a,b); assert rid not in ids, rid; ids.add(rid)
        toll=[0]*5; tsrc=None; test=False
        if rd['toll']:
            t=rd['toll']
            if 'total' in t: toll=[round(v*ln/tot) for v in t['total']]
            else: toll=[round(v*ln/1000/10)*10 for v in t['perkm']]
            tsrc=t['src']; test=t['est']
        # land check, densified every ~250 m
        for i in range(1,len(pts)):
            n=max(1,int(hav(pts[i-1],pts[i])/250))
            for k in range(n+1):
                q=(pts[i-1][0]+(pts[i][0]-pts[i-1][0])*k/n, pts[i-1][1]+(pts[i][1]-pts[i-1][1])*k/n)
                if not onland(q) and not sumsel(q): bad.append(('road',rid,q))
        props={'name':rd['name'],'ref':rd['ref'],'class':rd['cls'],'from':a,'to':b,'truck_speed_kmh':rd['speed'],
               'toll_idr':toll,'oneway':False,'approximate':True,
               'source':(rd['src'] or 'hand-placed link between the junctions (approx.)')+notes_for(rd['prefix'],a,b),'length_km_info':round(ln/1000,2)}
        if tsrc: props['toll_source']=tsrc; props['toll_estimate']=test
        feats.append({'type':'Feature','id':rid,'geometry':{'type':'LineString','coordinates':[[round(x,5),round(y,5)] for x,y in pts]},'properties':props})
        roads.append((rid,rd['prefix'],a,b,ln,rd['cls']))
unused=set(J)-used
print('unused junctions',unused)
fc={'type':'FeatureCollection','features':feats}
# one feature per line keeps the file diff- and hand-editable
with open(OUT+'roads.geojson','w') as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    f.write(',\n'.join(json.dumps(x,ensure_ascii=False,separators=(',',':')) for x in feats))
    f.write('\n]}\n')
from collections import defaultdict
bp=defaultdict(float)
for rid,p,a,b,ln,c in roads: bp[p]+=ln
for p,v in bp.items(): print('%-24s %7.1f km'%(p,v/1000))
print('junctions',len(J),'roads',len(roads),'total km %.1f'%(sum(x[4] for x in roads)/1000))
print('off-land points',len(bad))
seen=set()
for kind,id,q in bad:
    if id in seen: continue
    seen.add(id); print('  OFF',kind,id,[round(v,4) for v in q])
