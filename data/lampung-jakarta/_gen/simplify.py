import json, glob, os, math
SRC=os.path.join(os.environ.get('SHARED',os.path.join(os.path.dirname(os.path.abspath(__file__)),'../../../../shared/data/lampung-jakarta')),'admin')
DST=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','admin')
TOL=0.0015   # degrees, ~165 m
MINAREA=2e-5 # deg^2 ~ 0.25 km^2: drop islets smaller than this
def dp(pts, tol):
    keep=[False]*len(pts); keep[0]=keep[-1]=True
    stack=[(0,len(pts)-1)]
    while stack:
        i,j=stack.pop()
        ax,ay=pts[i]; bx,by=pts[j]; dx,dy=bx-ax,by-ay; L=math.hypot(dx,dy)
        best=-1; bi=-1
        for k in range(i+1,j):
            px,py=pts[k]
            d=abs(dy*(px-ax)-dx*(py-ay))/L if L>0 else math.hypot(px-ax,py-ay)
            if d>best: best=d; bi=k
        if best>tol:
            keep[bi]=True; stack.append((i,bi)); stack.append((bi,j))
    return [p for p,k in zip(pts,keep) if k]
def area(r):
    return abs(sum(r[i][0]*r[i+1][1]-r[i+1][0]*r[i][1] for i in range(len(r)-1)))/2
def simp_ring(r):
    # split closed ring at the farthest point from the start so DP keeps its shape
    r=r[:-1] if r[0]==r[-1] else r
    far=max(range(len(r)), key=lambda k: (r[k][0]-r[0][0])**2+(r[k][1]-r[0][1])**2)
    a=dp(r[:far+1],TOL); b=dp(r[far:]+[r[0]],TOL)
    out=a[:-1]+b
    out=[[round(x,5),round(y,5)] for x,y in out]
    return out
tot_in=tot_out=0
for f in sorted(glob.glob(SRC+'/*.geojson')):
    d=json.load(open(f))
    ft=d['features'][0]; g=ft['geometry']
    polys=g['coordinates'] if g['type']=='MultiPolygon' else [g['coordinates']]
    out=[]
    for P in polys:
        if area(P[0])<MINAREA: continue
        rings=[simp_ring(r) for r in P]
        rings=[r for r in rings if len(r)>=4 and area(r)>=MINAREA/4]
        if rings and len(rings[0])>=4: out.append(rings)
        tot_in+=sum(len(r) for r in P)
    tot_out+=sum(len(r) for P in out for r in P)
    props=dict(ft['properties'])
    props['source']='OpenStreetMap contributors via yusufsyaifudin/wilayah-indonesia (ODbL); simplified (Douglas-Peucker %.4f deg, islets < %.0e deg2 dropped)'%(TOL,MINAREA)
    nd={'type':'FeatureCollection','features':[{'type':'Feature','properties':props,'geometry':{'type':'MultiPolygon','coordinates':out}}]}
    s=json.dumps(nd,separators=(',',':'))
    open(os.path.join(DST,os.path.basename(f)),'w').write(s)
    print(os.path.basename(f), len(polys),'->',len(out), sum(len(r) for P in polys for r in P),'->',sum(len(r) for P in out for r in P), len(s))
print(tot_in,tot_out)
