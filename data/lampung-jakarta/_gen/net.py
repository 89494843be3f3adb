# Junctions: id -> (name, kind, lon, lat, approximate, source)
K='hand-placed from general knowledge of the place (approx.)'
FT='FACTS.md toll-gate list'
CH='hand-placed (approx.) on the toll line at its published chainage, KM %s from Pelabuhan Bakauheni (subsection lengths, Kemen PUPR via viva.co.id / kabarin.co, 2019)'
J={}
def j(id,name,kind,lon,lat,approx=True,src=K): J[id]=(name,kind,lon,lat,approx,src)
# --- Lampung: Bakauheni ---
j('bkh-port','Pelabuhan Bakauheni (port gate)','port',105.7515,-5.8672,True,'FACTS.md: Port of Bakauheni -5.86944, 105.75333 (Wikipedia); gate hand-placed')
j('gt-bkh-pelabuhan','GT Bakauheni Pelabuhan','toll_gate',105.755429,-5.866534,False,FT)
j('gt-bkh-selatan','GT Bakauheni Selatan','toll_gate',105.728026,-5.842837,False,FT)
j('gt-bkh-utara','GT Bakauheni Utara','toll_gate',105.726361,-5.806735,False,FT)
j('bkh-town','Bakauheni (Jl. Lintas Sumatra)','town',105.7405,-5.8520)
j('penengahan','Penengahan (fork of the east-coast road)','junction',105.7000,-5.7930)
j('gt-kalianda','GT Kalianda','toll_gate',105.6216,-5.6832,True,CH%'27.3')
j('kalianda','Kalianda (seat, Lampung Selatan)','seat',105.5950,-5.7270,True,'FACTS.md regency seats (approx.)')
j('gt-sidomulyo','GT Sidomulyo','toll_gate',105.5582,-5.6022,True,CH%'39.0')
j('sidomulyo','Sidomulyo','town',105.5380,-5.5850)
j('katibung','Katibung','town',105.3850,-5.5650)
j('panjang','Panjang (Jl. Soekarno-Hatta)','junction',105.3300,-5.4620)
j('panjang-port','Pelabuhan Panjang (port gate)','port',105.3140,-5.4630,True,'Dephub PJE -5.468175, 105.318658; gate hand-placed')
j('gt-lematang','GT Lematang','toll_gate',105.3478,-5.3797,True,CH%'74.4')
j('bandar-lampung','Bandar Lampung (seat, Tugu Adipura)','seat',105.2600,-5.4250,True,'FACTS.md regency seats (approx.)')
j('rajabasa','Rajabasa (terminal, Lintas Tengah)','junction',105.2420,-5.3720)
j('gt-kotabaru','GT Kotabaru','toll_gate',105.3410,-5.3430,True,CH%'78.7')
j('natar','Natar','town',105.2050,-5.3100)
j('gt-natar','GT Natar','toll_gate',105.2292,-5.2428,True,CH%'96.6')
j('tegineneng','Tegineneng','town',105.1880,-5.1580)
j('gt-tegineneng','GT Tegineneng','toll_gate',105.2264,-5.1462,True,CH%'109.2')
j('gt-gunung-sugih','GT Gunung Sugih','toll_gate',105.222142,-4.959219,False,FT)
j('gunung-sugih','Gunung Sugih (seat, Lampung Tengah)','seat',105.2700,-4.9600,True,'FACTS.md regency seats (approx.)')
j('gt-terbanggi','GT Terbanggi Besar','toll_gate',105.225201,-4.881857,False,FT)
j('bandar-jaya','Bandar Jaya (Terbanggi Besar)','town',105.2050,-4.9150)
j('metro','Metro (seat)','seat',105.3100,-5.1100,True,'FACTS.md regency seats (approx.)')
j('sukadana','Sukadana (seat, Lampung Timur)','seat',105.5500,-5.0800,True,'FACTS.md regency seats (approx.)')
j('ketapang','Ketapang (Lampung Selatan)','town',105.7920,-5.6450)
j('pasir-sakti','Pasir Sakti','town',105.8030,-5.4700)
j('labuhan-maringgai','Labuhan Maringgai','town',105.8000,-5.3300)
j('sribhawono','Bandar Sribhawono','town',105.7300,-5.2350)
j('way-jepara','Way Jepara','town',105.6950,-5.1450)
j('labuhan-ratu','Labuhan Ratu','town',105.6650,-5.0450)
j('rumbia','Rumbia','town',105.6000,-4.8600)
j('unit-2','Unit II / Banjar Agung','town',105.3400,-4.5500)
j('menggala','Menggala (seat, Tulang Bawang)','seat',105.2400,-4.4700,True,'FACTS.md regency seats (approx.)')
j('panaragan','Panaragan (seat, Tulang Bawang Barat)','seat',105.1000,-4.4400,True,'FACTS.md regency seats (approx.)')
j('gt-menggala','GT Menggala','toll_gate',105.1800,-4.5300)
j('simpang-pematang','Simpang Pematang','town',105.2700,-4.0800)
j('gt-simpang-pematang','GT Simpang Pematang','toll_gate',105.2200,-4.1000)
j('wiralaga','Wiralaga Mulya (seat, Mesuji)','seat',105.4800,-3.9500,True,'FACTS.md regency seats (approx.)')
j('pematang-panggang','Pematang Panggang (South Sumatra)','town',105.1700,-3.9300)
j('gt-pematang-panggang','GT Pematang Panggang','toll_gate',105.1450,-3.9550)
j('kayu-agung','Kayu Agung (South Sumatra)','town',104.8300,-3.3950)
j('gt-kayu-agung','GT Kayu Agung','toll_gate',104.8700,-3.4250)
j('kotabumi','Kotabumi (seat, Lampung Utara)','seat',104.9000,-4.8300,True,'FACTS.md regency seats (approx.)')
j('bukit-kemuning','Bukit Kemuning','town',104.5550,-4.9300)
j('baradatu','Baradatu','town',104.5900,-4.6600)
j('blambangan-umpu','Blambangan Umpu (seat, Way Kanan)','seat',104.5500,-4.4700,True,'FACTS.md regency seats (approx.)')
j('martapura','Martapura (South Sumatra)','town',104.3500,-4.3200)
j('baturaja','Baturaja (South Sumatra)','town',104.1700,-4.1300)
j('sumber-jaya','Sumber Jaya','town',104.4000,-5.0000)
j('liwa','Liwa (seat, Lampung Barat)','seat',104.0700,-5.0300,True,'FACTS.md regency seats (approx.)')
j('krui','Krui (seat, Pesisir Barat)','seat',103.9450,-5.1900,True,'FACTS.md seat -5.19, 103.93, nudged inland off the coast')
j('biha','Biha','town',104.0500,-5.3150)
j('bengkunat','Bengkunat','town',104.2900,-5.5450)
j('wonosobo','Wonosobo','town',104.5050,-5.5300)
j('kota-agung','Kota Agung (seat, Tanggamus)','seat',104.6250,-5.4900,True,'FACTS.md seat -5.50, 104.62, nudged inland off the coast')
j('gisting','Gisting','town',104.7200,-5.4400)
j('talang-padang','Talang Padang','town',104.8000,-5.3750)
j('pringsewu','Pringsewu (seat)','seat',104.9700,-5.3600,True,'FACTS.md regency seats (approx.)')
j('gedong-tataan','Gedong Tataan (seat, Pesawaran)','seat',105.0800,-5.3800,True,'FACTS.md regency seats (approx.)')
j('kemiling','Kemiling','junction',105.2050,-5.3950)

j('gedung-aji','Gedung Aji','town',105.4600,-4.5000)
j('dente-teladas','Dente Teladas','town',105.8000,-4.4300)
j('rawajitu','Rawajitu Selatan','town',105.7300,-4.2500)
j('mesuji-timur','Mesuji Timur (Brabasan)','town',105.7200,-3.9800)
j('kasui','Kasui','town',104.4500,-4.7400)
j('banjit','Banjit','town',104.4100,-4.8300)
j('pakuan-ratu','Pakuan Ratu','town',104.8200,-4.3400)
j('suoh','Bandar Negeri Suoh','town',104.2700,-5.2400)
j('ulu-belu','Ulu Belu','town',104.5800,-5.3000)
j('padang-cermin','Padang Cermin','town',105.1300,-5.6100)
j('way-kambas-gate','Way Kambas / Rawa Bunga','town',105.7200,-4.9300)
j('seputih-banyak','Seputih Banyak','town',105.5000,-4.8000)
j('negeri-besar','Negeri Besar','town',104.7500,-4.5100)
j('tanjung-bintang','Tanjung Bintang','town',105.4200,-5.3900)
# --- Banten ---
j('merak-port','Pelabuhan Merak (port gate)','port',105.9990,-5.9330,True,'FACTS.md: Port of Merak -5.930833, 105.995278 (Wikipedia); gate hand-placed')
j('merak-town','Merak (Jl. Raya Merak)','junction',106.0040,-5.9380)
j('gt-merak','GT Merak (KM 98)','toll_gate',106.0080,-5.9450)
j('gt-cilegon-barat','GT Cilegon Barat','toll_gate',106.0300,-5.9880)
j('gt-cilegon-timur','GT Cilegon Timur','toll_gate',106.0700,-6.0240)
j('gt-serang-barat','GT Serang Barat','toll_gate',106.1250,-6.0850)
j('gt-serang-timur','GT Serang Timur','toll_gate',106.1850,-6.1150)
j('gt-ciujung','GT Ciujung','toll_gate',106.2750,-6.1380)
j('gt-cikande','GT Cikande','toll_gate',106.3400,-6.1620)
j('gt-balaraja-barat','GT Balaraja Barat','toll_gate',106.4300,-6.1850)
j('gt-balaraja-timur','GT Balaraja Timur','toll_gate',106.4800,-6.1950)
j('gt-cikupa','GT Cikupa / Bitung (KM 26)','toll_gate',106.5680,-6.2120,True,'hand-placed (approx.), moved east so that the toll roads measure KM 98 – 26 to Merak and KM 26 to Tomang (FACTS.md)')
j('gt-karawaci','GT Karawaci','toll_gate',106.6150,-6.2050)
j('gt-tangerang','GT Tangerang','toll_gate',106.6500,-6.1920)
j('cilegon','Cilegon (Simpang Tiga)','town',106.0480,-6.0150)
j('ciwandan','Ciwandan (Jl. Raya Anyer)','junction',105.9900,-6.0250)
j('ciwandan-port','Pelabuhan Ciwandan (port gate)','port',105.9720,-6.0160,True,'Dephub BNZ -6.014139, 105.963444; gate hand-placed')
j('anyer','Anyer','town',105.9250,-6.0650)
j('suralaya','Suralaya','junction',106.0350,-5.8950)
j('bbj-port','Pelabuhan BBJ Bojonegara (gate)','port',106.0630,-5.9030,True,'FACTS.md: BBJ approx. -5.8995, 106.0657; gate hand-placed')
j('bojonegara','Bojonegara','town',106.0850,-5.9350)
j('kramatwatu','Kramatwatu','town',106.1050,-6.0550)
j('serang','Serang (alun-alun)','town',106.1520,-6.1150)
j('ciruas','Ciruas','town',106.2350,-6.1300)
j('cikande','Cikande','town',106.3450,-6.1800)
j('balaraja','Balaraja','town',106.4550,-6.2000)
j('cikupa','Cikupa','town',106.5300,-6.2250)
j('tangerang','Tangerang (Jl. Daan Mogot / Sudirman)','town',106.6350,-6.1780)
j('kalideres','Kalideres','junction',106.7000,-6.1550)
j('grogol','Grogol','junction',106.7900,-6.1650)
# --- Jakarta ---
j('kebon-jeruk','Kebon Jeruk interchange (JORR W2)','junction',106.7650,-6.1920)
j('tomang','Tomang interchange','junction',106.7960,-6.1780)
j('semanggi','Semanggi','junction',106.8130,-6.2190)
j('pancoran','Pancoran','junction',106.8450,-6.2440)
j('cawang','Cawang interchange','junction',106.8730,-6.2430)
j('cililitan','Cililitan (Jl. Raya Bogor)','junction',106.8660,-6.2570)
j('pondok-pinang','Pondok Pinang (JORR)','junction',106.7750,-6.2780)
j('fatmawati','Fatmawati (JORR)','junction',106.7980,-6.2920)
j('pasar-rebo','Pasar Rebo (JORR / Jl. Raya Bogor)','junction',106.8650,-6.3070)
j('tmii','Taman Mini (JORR)','junction',106.8880,-6.2980)
j('cikunir','Cikunir interchange (JORR)','junction',106.9600,-6.2550)
j('cakung','Cakung (JORR E)','junction',106.9550,-6.1800)
j('rorotan','Rorotan (JORR E)','junction',106.9520,-6.1360)
j('cilincing','Cilincing (Tol Akses Tanjung Priok)','junction',106.9350,-6.1130)
j('pedati','Pedati / Jl. Jend. Ahmad Yani (Cipinang exit)','junction',106.8800,-6.2150)
j('pulomas','Pulomas / Cempaka Putih','junction',106.8760,-6.1750)
j('sunter','Sunter','junction',106.8800,-6.1400)
j('tanjung-priok','Tanjung Priok (port gate)','port',106.8900,-6.1050,True,'Dephub TPR -6.098333, 106.889722; gate hand-placed')
j('pulogadung','Pulogadung','junction',106.9050,-6.1920)
# market gates
j('mkt-kramat-jati','Pasar Induk Kramat Jati gate (Jl. Raya Bogor KM 17)','market',106.8670,-6.2710,True,'FACTS.md Jakarta markets (approx.)')
j('mkt-cipinang','Pasar Induk Beras Cipinang gate','market',106.8950,-6.2170,True,'FACTS.md Jakarta markets (approx.)')
j('mkt-cakung-poultry','Poultry slaughter & cold chain, Cakung/Pulogadung (gate)','market',106.9250,-6.1850)
j('mkt-tanah-tinggi','Pasar Induk Tanah Tinggi gate','market',106.6500,-6.1760)
j('mkt-cikande-feed','Feed-mill cluster, Cikande (gate)','market',106.3550,-6.1900)
j('mkt-jatake-tapioca','Food-industry tapioca buyers, Jatake/Cikupa (gate)','market',106.5700,-6.2050)
j('mkt-rau','Pasar Induk Rau, Serang (gate)','market',106.1560,-6.1170)

# Roads: (prefix, name, ref, class, speed, path, tollgroup) ; path tokens: junction id or (lon,lat)
R=[]
def r(prefix,name,ref,cls,speed,path,toll=None,src=None):
    R.append(dict(prefix=prefix,name=name,ref=ref,cls=cls,speed=speed,path=path,toll=toll,src=src))
OSM_T='hand-placed vertices following the alignment of the %s, from general geographic knowledge (approx.; not traced from a map; checked to stay on land against the province boundaries)'
JTTS='Jalan Tol Trans-Sumatra Bakauheni – Terbanggi Besar'
r('jtts-bkh-tbb',JTTS,'JTTS','toll',70,[
 'gt-bkh-pelabuhan',(105.7480,-5.8600),(105.7380,-5.8520),'gt-bkh-selatan',(105.7240,-5.8300),(105.7250,-5.8170),'gt-bkh-utara',
 (105.7180,-5.7900),(105.7050,-5.7720),(105.6860,-5.7530),(105.6650,-5.7300),(105.6450,-5.7100),'gt-kalianda',
 (105.6100,-5.6700),(105.5850,-5.6400),(105.5600,-5.6050),'gt-sidomulyo',(105.5400,-5.5750),
 (105.5000,-5.5350),(105.4700,-5.4950),(105.4350,-5.4600),(105.4000,-5.4350),(105.3750,-5.4250),'gt-lematang',
 (105.3450,-5.3750),'gt-kotabaru',(105.3400,-5.3350),(105.3100,-5.2850),(105.2750,-5.2680),'gt-natar',
 (105.2150,-5.2350),(105.2050,-5.1950),'gt-tegineneng',(105.2400,-5.1150),(105.2500,-5.0650),(105.2450,-5.0150),(105.2260,-4.9900),'gt-gunung-sugih',
 (105.2240,-4.9200),'gt-terbanggi'],toll=dict(total=[112500,168500,168500,224500,224500],src='FACTS.md: end-to-end Rp 112,500 (I) / Rp 224,500 (V), tirto.id, Kepmen PUPR 305/KPTS/M/2019; classes II-IV derived (II=III at 1.5x I, IV=V at 2x I, the usual Indonesian toll class ratios); split across sections by length',est=False),src=OSM_T%'Trans-Sumatra toll road Bakauheni – Terbanggi Besar (140.9 km)')
r('jtts-tbb-kag','Jalan Tol Trans-Sumatra Terbanggi Besar – Pematang Panggang – Kayu Agung','JTTS','toll',70,[
 'gt-terbanggi',(105.2150,-4.8300),(105.2000,-4.7500),(105.1900,-4.6500),(105.1850,-4.5800),'gt-menggala',
 (105.1800,-4.4600),(105.1900,-4.3600),(105.2050,-4.2500),(105.2150,-4.1600),'gt-simpang-pematang',(105.1900,-4.0300),'gt-pematang-panggang',
 (105.1000,-3.8500),(105.0300,-3.7400),(104.9600,-3.6200),(104.9100,-3.5200),'gt-kayu-agung'],
 toll=dict(perkm=[1000,1500,1500,2000,2000],src='estimate: about Rp 1,000/km class I as on other JTTS sections; classes at 1 : 1.5 : 1.5 : 2 : 2',est=True),src=OSM_T%'Trans-Sumatra toll road Terbanggi Besar – Kayu Agung')
TR='trunk'
r('access-bkh','Jalan akses Pelabuhan Bakauheni','','trunk',25,['bkh-port','gt-bkh-pelabuhan'])
r('access-bkh-town','Jalan Lintas Sumatra, Bakauheni','','trunk',30,['bkh-port',(105.7460,-5.8600),'bkh-town'])
r('link-bkh-selatan','Akses GT Bakauheni Selatan','','secondary',30,['gt-bkh-selatan',(105.7340,-5.8470),'bkh-town'])
r('link-bkh-utara','Akses GT Bakauheni Utara','','secondary',30,['gt-bkh-utara',(105.7130,-5.8000),'penengahan'])
r('jalinsum-bkh-bdl','Jalan Lintas Sumatra (non-toll) Bakauheni – Kalianda – Bandar Lampung','Lintas Sumatra','trunk',40,[
 'bkh-town',(105.7280,-5.8300),(105.7150,-5.8120),'penengahan',(105.6800,-5.7800),(105.6550,-5.7650),(105.6300,-5.7500),(105.6100,-5.7380),'kalianda',
 (105.5850,-5.7100),(105.5750,-5.6850),(105.5700,-5.6600),(105.5600,-5.6300),(105.5500,-5.6050),'sidomulyo',
 (105.5000,-5.5900),(105.4600,-5.5850),(105.4200,-5.5800),'katibung',(105.3650,-5.5350),(105.3500,-5.5150),(105.3350,-5.4900),'panjang',
 (105.3050,-5.4450),(105.2800,-5.4320),'bandar-lampung'],src=OSM_T%'Jalan Lintas Sumatra (Bakauheni – Kalianda – Bandar Lampung)')
r('link-kalianda','Akses GT Kalianda','','secondary',30,['gt-kalianda',(105.6150,-5.7100),'kalianda'])
r('link-sidomulyo','Akses GT Sidomulyo','','secondary',30,['gt-sidomulyo','sidomulyo'])
r('access-panjang','Jalan Yos Sudarso, Pelabuhan Panjang','','primary',25,['panjang',(105.3220,-5.4640),'panjang-port'])
r('jl-sutami','Jalan Ir. Sutami (Lematang – Bandar Lampung)','','primary',35,['gt-lematang',(105.3300,-5.4150),(105.3000,-5.4200),(105.2800,-5.4230),'bandar-lampung'])
r('jl-ryacudu','Jalan Ryacudu (Kotabaru – Way Hui – Bandar Lampung)','','primary',35,['gt-kotabaru',(105.3200,-5.3300),(105.3000,-5.3600),(105.2750,-5.3950),'bandar-lampung'])
r('link-natar','Akses GT Natar','','secondary',30,['gt-natar',(105.2200,-5.2900),'natar'])
r('link-tegineneng','Akses GT Tegineneng','','secondary',30,['gt-tegineneng','tegineneng'])
r('link-gunung-sugih','Akses GT Gunung Sugih','','secondary',30,['gt-gunung-sugih',(105.2450,-4.9620),'gunung-sugih'])
r('link-terbanggi','Akses GT Terbanggi Besar','','secondary',30,['gt-terbanggi',(105.2150,-4.8980),'bandar-jaya'])
r('lintengah-bdl-bdj','Jalan Lintas Sumatra Tengah Bandar Lampung – Natar – Tegineneng – Bandar Jaya','Lintas Tengah','trunk',45,[
 'bandar-lampung',(105.2550,-5.4000),'rajabasa',(105.2250,-5.3450),'natar',(105.1900,-5.2750),(105.1800,-5.2400),(105.1820,-5.2000),'tegineneng',
 (105.1850,-5.1000),(105.1900,-5.0300),(105.1950,-4.9650),'bandar-jaya'],src=OSM_T%'Jalan Lintas Sumatra Tengah')
r('lintengah-bdj-btr','Jalan Lintas Sumatra Tengah Bandar Jaya – Kotabumi – Bukit Kemuning – Baturaja','Lintas Tengah','trunk',45,[
 'bandar-jaya',(105.1500,-4.8900),(105.0800,-4.8700),(105.0000,-4.8500),(104.9500,-4.8350),'kotabumi',
 (104.8300,-4.8600),(104.7500,-4.8900),(104.6500,-4.9200),'bukit-kemuning',(104.5800,-4.8500),(104.5900,-4.7500),'baradatu',
 (104.5800,-4.5700),'blambangan-umpu',(104.4800,-4.4000),(104.4100,-4.3500),'martapura',(104.2700,-4.2400),'baturaja'],src=OSM_T%'Jalan Lintas Sumatra Tengah')
r('linbarat-bdl-kag','Jalan Lintas Barat Bandar Lampung – Gedong Tataan – Pringsewu – Kota Agung','Lintas Barat','primary',40,[
 'bandar-lampung',(105.2350,-5.4150),'kemiling',(105.1700,-5.3950),(105.1300,-5.3900),'gedong-tataan',(105.0300,-5.3750),'pringsewu',
 (104.9300,-5.3600),(104.8700,-5.3650),'talang-padang',(104.7600,-5.4050),'gisting',(104.6800,-5.4650),'kota-agung'],src=OSM_T%'Jalan Lintas Barat (Bandar Lampung – Kota Agung)')
r('linbarat-kag-krui','Jalan Lintas Barat Kota Agung – Bengkunat – Krui','Lintas Barat','primary',35,[
 'kota-agung',(104.5850,-5.4930),(104.5500,-5.5100),'wonosobo',(104.4600,-5.5000),(104.4200,-5.4700),(104.3800,-5.4600),(104.3500,-5.4900),(104.3200,-5.5200),'bengkunat',
 (104.2450,-5.5200),(104.2000,-5.4850),(104.1600,-5.4400),(104.1200,-5.4000),(104.0850,-5.3600),'biha',(104.0300,-5.2900),(104.0050,-5.2500),(103.9800,-5.2250),(103.9600,-5.2050),'krui'],src=OSM_T%'Jalan Lintas Barat through Bukit Barisan Selatan to Krui')
r('krui-liwa','Jalan Krui – Liwa','','primary',30,['krui',(103.9800,-5.1600),(104.0100,-5.1100),(104.0400,-5.0700),'liwa'],src=OSM_T%'Krui – Liwa mountain road')
r('liwa-bkm','Jalan Liwa – Sumber Jaya – Bukit Kemuning','','primary',35,['liwa',(104.1400,-5.0150),(104.2200,-5.0400),(104.3000,-5.0300),'sumber-jaya',(104.4600,-4.9700),(104.5100,-4.9450),'bukit-kemuning'],src=OSM_T%'Liwa – Bukit Kemuning road')
r('lintim-coast','Jalan Lintas Pantai Timur Bakauheni – Ketapang – Labuhan Maringgai – Way Jepara','Lintas Timur','trunk',45,[
 'penengahan',(105.7250,-5.7600),(105.7550,-5.7250),(105.7800,-5.6900),'ketapang',(105.7950,-5.6000),(105.8000,-5.5300),'pasir-sakti',
 (105.8020,-5.4000),'labuhan-maringgai',(105.7750,-5.2900),'sribhawono',(105.7100,-5.1900),'way-jepara'],src=OSM_T%'Jalan Lintas Timur (east-coast route)')
r('lintim-wjp-mgl','Jalan Lintas Timur Way Jepara – Labuhan Ratu – Rumbia – Menggala','Lintas Timur','trunk',45,[
 'way-jepara','labuhan-ratu',(105.6300,-4.9500),'rumbia',(105.5500,-4.7500),(105.4600,-4.6400),'unit-2',(105.2900,-4.5100),'menggala'],src=OSM_T%'Jalan Lintas Timur')
r('lintim-bdj-mgl','Jalan Lintas Timur Bandar Jaya – Terusan Nunyai – Menggala','Lintas Timur','trunk',45,[
 'bandar-jaya',(105.2300,-4.8000),(105.2250,-4.7000),(105.2200,-4.6000),(105.2350,-4.5300),'menggala'],src=OSM_T%'Jalan Lintas Timur Terbanggi Besar – Menggala')
r('lintim-mgl-ppg','Jalan Lintas Timur Menggala – Simpang Pematang – Pematang Panggang','Lintas Timur','trunk',45,[
 'menggala',(105.2500,-4.3600),(105.2650,-4.2500),(105.2700,-4.1600),'simpang-pematang',(105.2200,-4.0000),'pematang-panggang'],src=OSM_T%'Jalan Lintas Timur')
r('lintim-ppg-kag','Jalan Lintas Timur Pematang Panggang – Kayu Agung','Lintas Timur','trunk',45,[
 'pematang-panggang',(105.0700,-3.8200),(104.9900,-3.7000),(104.9200,-3.5700),(104.8600,-3.4600),'kayu-agung'],src=OSM_T%'Jalan Lintas Timur (South Sumatra)')
r('link-menggala','Akses GT Menggala','','secondary',30,['gt-menggala',(105.2100,-4.5000),'menggala'])
r('link-simpang-pematang','Akses GT Simpang Pematang','','secondary',30,['gt-simpang-pematang',(105.2450,-4.0900),'simpang-pematang'])
r('link-pematang-panggang','Akses GT Pematang Panggang','','secondary',30,['gt-pematang-panggang','pematang-panggang'])
r('link-kayu-agung','Akses GT Kayu Agung','','secondary',30,['gt-kayu-agung','kayu-agung'])
r('mesuji','Jalan Simpang Pematang – Wiralaga (Mesuji)','','secondary',30,['simpang-pematang',(105.3300,-4.0400),(105.4000,-3.9900),'wiralaga'],src=OSM_T%'Simpang Pematang – Wiralaga road')
r('mgl-pnr','Jalan Menggala – Panaragan','','primary',35,['menggala',(105.1900,-4.4550),(105.1400,-4.4450),'panaragan'],src=OSM_T%'Menggala – Panaragan road')
r('metro-teg','Jalan Metro – Tegineneng','','primary',40,['metro',(105.2700,-5.1250),(105.2300,-5.1450),'tegineneng'],src=OSM_T%'Metro – Tegineneng road')
r('metro-sukadana','Jalan Metro – Sukadana','','primary',40,['metro',(105.3700,-5.1000),(105.4400,-5.0900),(105.5000,-5.0850),'sukadana'],src=OSM_T%'Metro – Sukadana road')
r('sukadana-wjp','Jalan Sukadana – Way Jepara','','primary',40,['sukadana',(105.6000,-5.1000),(105.6500,-5.1250),'way-jepara'],src=OSM_T%'Sukadana – Way Jepara road')
r('metro-gs','Jalan Metro – Punggur – Gunung Sugih','','primary',40,['metro',(105.3000,-5.0600),(105.2850,-5.0100),'gunung-sugih'],src=OSM_T%'Metro – Gunung Sugih road')
# --- Banten ---

r('mgl-dente','Jalan Unit II – Gedung Aji – Dente Teladas','','secondary',30,['unit-2',(105.4000,-4.5300),'gedung-aji',(105.5500,-4.4700),(105.6800,-4.4400),'dente-teladas'],src=OSM_T%'Tulang Bawang district roads')
r('gaji-rawajitu','Jalan Gedung Aji – Rawajitu','','secondary',25,['gedung-aji',(105.5500,-4.3800),(105.6500,-4.3000),'rawajitu'],src=OSM_T%'Tulang Bawang district roads')
r('wrl-mesuji-timur','Jalan Wiralaga – Mesuji Timur','','secondary',25,['wiralaga',(105.6000,-3.9700),'mesuji-timur'],src=OSM_T%'Mesuji district roads')
r('bdt-kasui-banjit','Jalan Baradatu – Kasui – Banjit','','secondary',30,['baradatu',(104.5200,-4.7100),'kasui',(104.4300,-4.7900),'banjit'],src=OSM_T%'Way Kanan district roads')
r('bbu-pakuan','Jalan Blambangan Umpu – Negeri Besar – Pakuan Ratu','','secondary',30,['blambangan-umpu',(104.6500,-4.5000),'negeri-besar',(104.7900,-4.4300),'pakuan-ratu'],src=OSM_T%'Way Kanan district roads')
r('liwa-suoh','Jalan Liwa – Suoh','','secondary',25,['liwa',(104.1500,-5.1000),(104.2200,-5.1700),'suoh'],src=OSM_T%'Lampung Barat district roads')
r('talang-ulubelu','Jalan Talang Padang – Ulu Belu','','secondary',25,['talang-padang',(104.7200,-5.3400),(104.6500,-5.3100),'ulu-belu'],src=OSM_T%'Tanggamus district roads')
r('bdl-padang-cermin','Jalan Bandar Lampung – Padang Cermin','','secondary',30,['bandar-lampung',(105.2300,-5.4600),(105.2000,-5.5100),(105.1600,-5.5700),'padang-cermin'],src=OSM_T%'Pesawaran coastal road')
r('rumbia-waykambas','Jalan Rumbia – Way Kambas','','secondary',30,['rumbia',(105.6600,-4.9000),'way-kambas-gate'],src=OSM_T%'Lampung Timur district roads')
r('gs-seputih-banyak','Jalan Gunung Sugih – Seputih Banyak – Rumbia','','secondary',30,['gunung-sugih',(105.3500,-4.9000),(105.4300,-4.8500),'seputih-banyak',(105.5500,-4.8200),'rumbia'],src=OSM_T%'Lampung Tengah district roads')
r('lematang-tjb','Jalan Lematang – Tanjung Bintang','','secondary',30,['gt-lematang',(105.3900,-5.3950),'tanjung-bintang'],src=OSM_T%'Lampung Selatan district roads')
TM='Jalan Tol Tangerang – Merak'
r('tol-merak',TM,'Tol Tangerang–Merak','toll',70,[
 'gt-merak',(106.0180,-5.9650),'gt-cilegon-barat',(106.0480,-6.0080),'gt-cilegon-timur',(106.0950,-6.0550),'gt-serang-barat',
 (106.1550,-6.1050),'gt-serang-timur',(106.2300,-6.1300),'gt-ciujung',(106.3100,-6.1500),'gt-cikande',(106.3800,-6.1720),'gt-balaraja-barat',
 'gt-balaraja-timur',(106.5150,-6.2080),'gt-cikupa'],toll=dict(total=[55500,83500,83500,111000,111000],src='estimate: Merak – Cikupa about Rp 55,500 class I (2023 tariff as recalled, unverified); classes at 1 : 1.5 : 1.5 : 2 : 2',est=True),src=OSM_T%'Tangerang – Merak toll road (KM 26 – KM 98)')
r('tol-jkt-tng','Jalan Tol Jakarta – Tangerang','Tol Jakarta–Tangerang','toll',60,[
 'gt-cikupa',(106.5850,-6.2130),'gt-karawaci',(106.6350,-6.1980),'gt-tangerang',(106.6900,-6.1950),(106.7300,-6.1920),'kebon-jeruk',(106.7800,-6.1870),'tomang'],
 toll=dict(total=[12000,18000,18000,24000,24000],src='estimate: Jakarta – Tangerang about Rp 12,000 class I end to end; classes at 1 : 1.5 : 1.5 : 2 : 2',est=True),src=OSM_T%'Jakarta – Tangerang toll road')
r('access-merak','Jalan akses Pelabuhan Merak','','trunk',25,['merak-port','merak-town','gt-merak'])
r('jl-serang','Jalan Raya Merak – Cilegon – Serang – Balaraja – Tangerang – Daan Mogot','','trunk',35,[
 'merak-town',(106.0150,-5.9600),(106.0300,-5.9950),'cilegon',(106.0800,-6.0400),'kramatwatu',(106.1300,-6.0950),'serang',(106.1950,-6.1250),'ciruas',
 (106.2800,-6.1450),(106.3100,-6.1600),'cikande',(106.4000,-6.1900),'balaraja',(106.4950,-6.2120),'cikupa',(106.5700,-6.2150),(106.6100,-6.1900),'tangerang',
 'kalideres',(106.7400,-6.1550),'grogol'],src=OSM_T%'Jalan Raya Serang / Jalan Daan Mogot')
r('jl-anyer','Jalan Raya Anyer Cilegon – Ciwandan – Anyer','','primary',35,['cilegon',(106.0200,-6.0180),'ciwandan',(105.9600,-6.0400),'anyer'],src=OSM_T%'Jalan Raya Anyer')
r('access-ciwandan','Akses Pelabuhan Ciwandan','','secondary',25,['ciwandan','ciwandan-port'])
r('jl-bojonegara','Jalan Raya Merak – Suralaya – Bojonegara – Kramatwatu','','primary',35,[
 'merak-town',(106.0150,-5.9200),'suralaya',(106.0500,-5.8950),'bbj-port',(106.0800,-5.9150),'bojonegara',(106.0900,-5.9750),(106.0950,-6.0100),'kramatwatu'],src=OSM_T%'Jalan Raya Bojonegara')
r('link-cilegon-barat','Akses GT Cilegon Barat','','secondary',30,['gt-cilegon-barat',(106.0400,-6.0000),'cilegon'])
r('link-serang-barat','Akses GT Serang Barat','','secondary',30,['gt-serang-barat','kramatwatu'])
r('link-serang-timur','Akses GT Serang Timur','','secondary',30,['gt-serang-timur',(106.1700,-6.1150),'serang'])
r('link-cikande','Akses GT Cikande','','secondary',30,['gt-cikande','cikande'])
r('link-balaraja','Akses GT Balaraja Timur','','secondary',30,['gt-balaraja-timur','balaraja'])
r('link-cikupa','Akses GT Cikupa','','secondary',30,['gt-cikupa','cikupa'])
r('link-tangerang','Akses GT Tangerang','','secondary',25,['gt-tangerang',(106.6450,-6.1850),'tangerang'])
r('jl-tomang-grogol','Jalan S. Parman Grogol – Tomang','','primary',20,['grogol','tomang'])
# --- Jakarta ---
DK='Jalan Tol Dalam Kota'
r('tol-dk-tomang-cawang',DK+' Tomang – Semanggi – Cawang','Tol Dalam Kota','toll',40,[
 'tomang',(106.8020,-6.1950),'semanggi',(106.8250,-6.2300),(106.8350,-6.2400),'pancoran',(106.8600,-6.2450),'cawang'],
 toll=dict(total=[11000,16500,16500,22000,22000],src='estimate: Tol Dalam Kota flat about Rp 11,000 class I',est=True),src=OSM_T%'Jakarta Inner Ring toll road (Tomang – Cawang)')
r('tol-dk-cawang-priok',DK+' Cawang – Tanjung Priok (Wiyoto Wiyono)','Tol Dalam Kota','toll',40,[
 'cawang',(106.8770,-6.2300),'pedati',(106.8800,-6.1950),'pulomas',(106.8780,-6.1600),'sunter',(106.8850,-6.1200),'tanjung-priok'],
 toll=dict(total=[11000,16500,16500,22000,22000],src='estimate: flat about Rp 11,000 class I',est=True),src=OSM_T%'Cawang – Tanjung Priok toll road (Wiyoto Wiyono)')
r('tol-jorr','Jalan Tol Lingkar Luar Jakarta (JORR) Kebon Jeruk – Pasar Rebo – Cikunir – Cilincing','JORR','toll',50,[
 'kebon-jeruk',(106.7600,-6.2150),(106.7550,-6.2450),(106.7650,-6.2650),'pondok-pinang','fatmawati',(106.8250,-6.2980),(106.8450,-6.3020),'pasar-rebo','tmii',
 (106.9150,-6.2900),(106.9400,-6.2750),'cikunir',(106.9600,-6.2200),'cakung','rorotan','cilincing'],
 toll=dict(total=[16000,24000,24000,32000,32000],src='estimate: JORR flat about Rp 16,000 class I',est=True),src=OSM_T%'Jakarta Outer Ring Road (JORR W2, S, E1)')
r('tol-akses-priok','Jalan Tol Akses Tanjung Priok Cilincing – Koja – Tanjung Priok','Akses Tanjung Priok','toll',40,['cilincing',(106.9150,-6.1100),'tanjung-priok'],
 toll=dict(total=[7500,11500,11500,15000,15000],src='estimate',est=True),src=OSM_T%'Tanjung Priok access toll road')
r('jl-raya-bogor','Jalan Raya Bogor Cawang – Cililitan – Kramat Jati – Pasar Rebo','','primary',20,['cawang','cililitan','mkt-kramat-jati',(106.8665,-6.2900),'pasar-rebo'],src=OSM_T%'Jalan Raya Bogor')
r('jl-cipinang','Jalan Pisangan Lama Selatan (Cipinang)','','secondary',15,['pedati',(106.8880,-6.2160),'mkt-cipinang'])
r('jl-pulogadung','Jalan Perintis Kemerdekaan / Bekasi Raya Pulomas – Pulogadung – Cakung','','primary',20,['pulomas',(106.8900,-6.1800),'pulogadung','mkt-cakung-poultry',(106.9400,-6.1820),'cakung'],src=OSM_T%'Jalan Perintis Kemerdekaan / Jalan Bekasi Raya')
r('jl-tanah-tinggi','Akses Pasar Induk Tanah Tinggi','','secondary',20,['tangerang','mkt-tanah-tinggi','gt-tangerang'])
r('jl-cikande-feed','Akses kawasan industri Cikande','','secondary',25,['gt-cikande',(106.3500,-6.1780),'mkt-cikande-feed'])
r('jl-jatake','Akses kawasan industri Jatake','','secondary',25,['gt-cikupa','mkt-jatake-tapioca'])
r('jl-rau','Jalan Raya Serang, Pasar Rau','','secondary',20,['serang','mkt-rau'])

# Published lengths the lines are fitted to (fit.py): each fit names the
# spans (road prefix, from junction, to junction) whose bends it solves for,
# the spans it only counts (fixed, already final) and the published length of
# the whole. corridor/fidelity_roads_test.go checks the same table on the
# routing graph.
F=[]
def fit(km,src,spans,fixed=()):
    F.append(dict(km=km,src=src,spans=spans,fixed=list(fixed)))
BKT='Jalan Tol Bakauheni – Terbanggi Besar subsection %s, %.1f km (Kemen PUPR at the opening, via viva.co.id / kabarin.co, 8 Mar 2019)'
for a,b,km,sub in [('gt-bkh-pelabuhan','gt-bkh-utara',8.8,'1'),('gt-bkh-utara','gt-kalianda',18.5,'2'),('gt-kalianda','gt-sidomulyo',11.7,'3'),
                   ('gt-sidomulyo','gt-lematang',35.4,'4'),('gt-lematang','gt-kotabaru',4.3,'5'),('gt-kotabaru','gt-natar',17.9,'6'),
                   ('gt-natar','gt-tegineneng',12.6,'7'),('gt-tegineneng','gt-gunung-sugih',22.5,'8'),('gt-gunung-sugih','gt-terbanggi',8.9,'9')]:
    fit(km,BKT%(sub,km),[('jtts-bkh-tbb',a,b)])
fit(189,'Jalan Tol Terbanggi Besar – Pematang Panggang – Kayu Agung 189 km (antaranews, FACTS.md)',[('jtts-tbb-kag','gt-terbanggi','gt-kayu-agung')])
fit(72,'Tangerang – Merak toll KM 26 (Bitung/Cikupa) – KM 98 (Merak) (FACTS.md)',[('tol-merak','gt-merak','gt-cikupa')])
fit(26,'Jakarta – Tangerang toll KM 0 (Tomang) – KM 26 (Bitung/Cikupa) (FACTS.md)',[('tol-jkt-tng','gt-cikupa','tomang')])
fit(88,'Bandar Lampung – Bakauheni ~90 km by road (FACTS.md), less the 2 km port approach',[('jalinsum-bkh-bdl','bkh-town','bandar-lampung')])
fit(120,'Menggala – Bandar Lampung ~120 km (liputan6, FACTS.md)',[('lintim-bdj-mgl','bandar-jaya','menggala'),('lintengah-bdl-bdj','bandar-lampung','bandar-jaya')])
fit(105,'Bandar Lampung – Kota Agung ~105 km (travel blog 2016, FACTS.md)',[('linbarat-bdl-kag','bandar-lampung','kota-agung')])
fit(149,'Kota Agung – Krui ~149 km (travel blog 2016, FACTS.md)',[('linbarat-kag-krui','kota-agung','krui')])
fit(241,'Liwa is 241 km from Bandar Lampung by the Lintas Tengah and Bukit Kemuning (travel blog sanisolihah.blogspot.com 2015; route as driven in kompasiana 2016)',
    [('lintengah-bdj-btr','bandar-jaya','bukit-kemuning'),('liwa-bkm','liwa','bukit-kemuning')],fixed=[('lintengah-bdl-bdj','bandar-lampung','bandar-jaya')])
